import 'reflect-metadata';
import { IsInt, IsString, MetadataStorage, ValidateNested, getMetadataStorage, validate } from 'class-validator';
import { Type, plainToInstance } from 'class-transformer';
import { VALIDATION_OPTIONS } from './input-validation';
import { memoiseValidationMetadata } from './validation-metadata-cache';

class Inner {
  @IsString()
  name!: string;
}

class Outer {
  @IsString()
  id!: string;

  @ValidateNested()
  @Type(() => Inner)
  inner!: Inner;
}

const problems = async (plain: object) =>
  (await validate(plainToInstance(Outer, plain), VALIDATION_OPTIONS)).map((e) => [
    e.property,
    ...Object.keys(e.constraints ?? {}),
    ...(e.children ?? []).flatMap((c) => [c.property, ...Object.keys(c.constraints ?? {})]),
  ]);

describe('memoised validation metadata', () => {
  beforeAll(() => memoiseValidationMetadata());

  it('looks a class up once, answering the same rules again', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Outer, '', false, false);
    expect(storage.getTargetValidationMetadatas(Outer, '', false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    expect(first.map((m) => m.propertyName).sort()).toEqual(['id', 'inner']);
  });

  it('validates as before: nested objects, unknown fields, wrong types', async () => {
    await expect(problems({ id: 'a', inner: { name: 'n' } })).resolves.toEqual([]);
    await expect(problems({ id: 1, inner: { name: 2 }, extra: true })).resolves.toEqual([
      ['extra', 'whitelistValidation'],
      ['id', 'isString'],
      ['inner', 'name', 'isString'],
    ]);
  });

  it('honours a rule added after the class was first validated', async () => {
    await expect(problems({ id: 'a', inner: { name: 'n' } })).resolves.toEqual([]);
    IsInt()(Outer.prototype, 'id');
    await expect(problems({ id: 'a', inner: { name: 'n' } })).resolves.toEqual([['id', 'isInt']]);
  });

  it('is installed once per storage', () => {
    const storage = new MetadataStorage();
    memoiseValidationMetadata(storage);
    const installed = storage.getTargetValidationMetadatas;
    memoiseValidationMetadata(storage);
    expect(storage.getTargetValidationMetadatas).toBe(installed);
  });
});

import { headerTokenProblem, jsonTextProblems } from './text-rules';

describe('jsonTextProblems', () => {
  it('finds nothing wrong with ordinary Chinese text, tabs and newlines in free text', () => {
    expect(
      jsonTextProblems({
        name: '旅馆业特种行业许可证核发',
        reason: '材料不全：\n\t身份证明',
        applicant: { name: '王小明' },
        ids: ['A-1', 'A-2'],
      }),
    ).toEqual([]);
  });

  it('names each bad field by its dotted path, keys included', () => {
    const problems = jsonTextProblems({
      actor: 'a\u001b',
      reason: 'x\u0000',
      applicant: { name: '\ud800' },
      ids: ['ok', 'b\nc'],
      ['k\u0007']: 1,
    });
    expect(problems.map((p) => p.field)).toEqual(['actor', 'reason', 'applicant.name', 'ids.1', 'k\u0007']);
  });

  it('refuses prototype keys anywhere', () => {
    const value = JSON.parse('{"a":{"__proto__":{}},"constructor":1,"b":[{"prototype":2}]}');
    expect(jsonTextProblems(value).map((p) => p.field)).toEqual(['a.__proto__', 'constructor', 'b.0.prototype']);
  });

  it('stops at 32 levels and reports once', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const problems = jsonTextProblems(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0].field.split('.')).toHaveLength(32);
    let ok: unknown = 'x';
    for (let i = 0; i < 32; i++) ok = { a: ok };
    expect(jsonTextProblems(ok)).toEqual([]);
  });

  it('lists at most 20 problems', () => {
    expect(jsonTextProblems(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(20);
  });
});

describe('headerTokenProblem', () => {
  it('accepts printable tokens up to 200 characters and refuses the rest', () => {
    expect(headerTokenProblem('a'.repeat(200))).toBeUndefined();
    expect(headerTokenProblem('retry-2021-03-01:A-1')).toBeUndefined();
    expect(headerTokenProblem('demo:2019:indicator:公章刻制')).toBeUndefined();
    expect(headerTokenProblem('a'.repeat(201))).toBeDefined();
    expect(headerTokenProblem('')).toBeDefined();
    expect(headerTokenProblem('a b')).toBeDefined();
    expect(headerTokenProblem('a\u3000b')).toBeDefined();
    expect(headerTokenProblem('a\u001bb')).toBeDefined();
    expect(headerTokenProblem('a\u0085b')).toBeDefined();
  });
});

import { identityOf, isSubjectId, newSubjectId } from './subject-identity';

describe('identityOf', () => {
  it('recognises a person by the identity number, whatever the case, spaces or full-width digits', () => {
    const a = identityOf({ name: '张三', idNumber: '44070219800101001x' });
    expect(identityOf({ name: '张三 (another spelling)', idNumber: ' 440702 19800101001X ' })).toBe(a);
    expect(identityOf({ name: '张三', idNumber: '４４０７０２１９８００１０１００１Ｘ' })).toBe(a);
    expect(identityOf({ name: '张三', idNumber: '440702198001010029' })).not.toBe(a);
  });

  it('falls back to name and phone, with or without the country code', () => {
    expect(identityOf({ name: '李四', phone: '139-0013-9000' })).toBe(
      identityOf({ name: ' 李四', phone: '+86 13900139000' }),
    );
    expect(identityOf({ name: '李四', phone: '13900139000' })).not.toBe(
      identityOf({ name: '李五', phone: '13900139000' }),
    );
  });

  it('recognises nobody by a name alone (two people called 张伟 must not share a key)', () => {
    expect(identityOf({ name: '张伟' })).toBeUndefined();
  });
});

describe('subject ids', () => {
  it('are random and recognisable', () => {
    const a = newSubjectId();
    expect(isSubjectId(a)).toBe(true);
    expect(newSubjectId()).not.toBe(a);
    expect(isSubjectId('subj_short')).toBe(false);
  });
});

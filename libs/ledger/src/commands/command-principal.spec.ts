import { ForbiddenError } from '@ledger/domain';
import {
  AGENCY_FORBIDDEN,
  CommandPrincipal,
  RELAY_FORBIDDEN,
  actorForCommand,
  agencyForCommand,
} from './command-principal';

const clerk = (agencies: CommandPrincipal['agencies'], canRelay = false): CommandPrincipal => ({
  id: 'api-key:abc123',
  actor: '窗口3',
  agencies,
  canRelay,
  defaultAgency: agencies !== '*' && agencies.length === 1 ? agencies[0] : undefined,
});

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error as ForbiddenError;
  }
  throw new Error('expected a refusal');
};

describe('agencyForCommand', () => {
  it('takes the agency the command names when the principal acts for it', () => {
    expect(agencyForCommand('b-psb', clerk(['a-psb', 'b-psb']), 'a-psb')).toBe('b-psb');
  });

  it("takes a one-agency principal's agency when the command names none", () => {
    expect(agencyForCommand(undefined, clerk(['taishan-psb']), 'jiangmen-psb')).toBe('taishan-psb');
  });

  it('takes the deployment agency for a * principal that names none', () => {
    expect(agencyForCommand(undefined, clerk('*'), 'jiangmen-psb')).toBe('jiangmen-psb');
  });

  it('refuses another agency with 403 ACCESS.AGENCY_FORBIDDEN on the field agency', () => {
    const error = refusal(() => agencyForCommand('b-psb', clerk(['a-psb']), 'a-psb'));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: AGENCY_FORBIDDEN, field: 'agency', kind: 'forbidden' });
    expect(error.message).toContain('b-psb');
  });

  it('asks a several-agency principal to name the agency when the default is not one of them', () => {
    const error = refusal(() => agencyForCommand(undefined, clerk(['a-psb', 'b-psb']), 'jiangmen-psb'));
    expect(error).toMatchObject({ code: AGENCY_FORBIDDEN, field: 'agency' });
    expect(error.message).toMatch(/^name the agency/);
  });

  it('refuses every agency to a principal with none', () => {
    expect(refusal(() => agencyForCommand('a-psb', clerk([]), 'a-psb')).message).toContain('no agency');
  });

  it('leaves a command without principal (a tool in code) to the deployment agency', () => {
    expect(agencyForCommand(undefined, undefined, 'jiangmen-psb')).toBe('jiangmen-psb');
  });
});

describe('actorForCommand', () => {
  it("is the principal's own name when the command names none", () => {
    expect(actorForCommand(undefined, clerk(['a-psb']), 'unused')).toBe('窗口3');
  });

  it('accepts the principal naming itself', () => {
    expect(actorForCommand('窗口3', clerk(['a-psb']), undefined)).toBe('窗口3');
  });

  it('refuses another name from a principal that may not relay, with 403 ACTOR.RELAY_FORBIDDEN', () => {
    const error = refusal(() => actorForCommand('supervisor-chief-director', clerk(['a-psb']), undefined));
    expect(error).toMatchObject({ code: RELAY_FORBIDDEN, field: 'actor', kind: 'forbidden' });
  });

  it('records the named actor for a principal that may relay', () => {
    expect(actorForCommand('clerk-17', clerk(['a-psb'], true), undefined)).toBe('clerk-17');
  });

  it('without principal: the named actor, else the fallback, else anonymous', () => {
    expect(actorForCommand('x', undefined, 'y')).toBe('x');
    expect(actorForCommand(undefined, undefined, 'y')).toBe('y');
    expect(actorForCommand(undefined, undefined, undefined)).toBe('anonymous');
  });
});

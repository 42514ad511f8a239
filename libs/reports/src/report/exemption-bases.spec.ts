import { LedgerEvents } from '../../../projections/src/yearly-figures/testing/ledger-events';
import { ExemptionBasesAccumulator } from './exemption-bases';

describe('the legal bases of disclosure exemptions', () => {
  it("counts the agency-year's exemptions by the basis they record, most used first", () => {
    const ledger = new LedgerEvents('jiangmen-psb');
    const exempt = (id: string, at: string, legalBasis: string) =>
      ledger.record(`application-${id}`, 'DisclosureExempted.v1', at, { applicationId: id, legalBasis });
    exempt('a', '2020-03-02T10:00:00+08:00', '《中华人民共和国护照法》');
    exempt('b', '2020-12-31T23:30:00+08:00', '《中华人民共和国护照法》');
    exempt('c', '2020-05-06T10:00:00+08:00', '《政府信息公开条例》第十五条');
    exempt('d', '2020-05-06T10:00:00+08:00', ' ');
    exempt('e', '2021-01-01T00:30:00+08:00', '《中华人民共和国护照法》');
    ledger.of('kaiping-psb').record('application-f', 'DisclosureExempted.v1', '2020-05-06T10:00:00+08:00', {
      applicationId: 'f',
      legalBasis: '《中华人民共和国护照法》',
    });
    const bases = new ExemptionBasesAccumulator('jiangmen-psb', 2020, 'Asia/Shanghai');
    for (const event of ledger.events) bases.apply(event);
    expect(bases.result()).toEqual([
      { legalBasis: '《中华人民共和国护照法》', count: 2 },
      { legalBasis: '《政府信息公开条例》第十五条', count: 1 },
    ]);
  });
});

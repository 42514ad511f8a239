import { eventDetails, eventLabel } from './trail-labels';

describe('trail labels', () => {
  it('says what a correction replaced and on whose authority', () => {
    expect(eventLabel('FactCorrected.v1')).toBe('更正记录');
    expect(
      eventDetails('FactCorrected.v1', {
        correctedEventId: 'e-3',
        correctedType: 'DecisionMade.v1',
        correctedAt: '2021-03-04T10:00:00+08:00',
        fields: { outcome: 'denied' },
        reason: '录入时结果选错',
        authorisedBy: '法制科 张三',
      }),
    ).toBe(
      '更正事项：作出行政许可决定（事件 e-3）；业务时间更正为 2021-03-04T10:00:00+08:00；outcome 更正为 denied；更正理由：录入时结果选错；批准人：法制科 张三',
    );
  });

  it("never prints a licence holder's personal data", () => {
    const details = eventDetails('LicenceGranted.v1', {
      licenceId: 'lic-1',
      licenceNumber: '粤江公保服字0001号',
      holder: { name: '某某公司', idNumber: '91440700MA4UXXXX0X' },
      validFrom: '2021-03-05',
    });
    expect(eventLabel('LicenceGranted.v1')).toBe('颁发许可证件');
    expect(details).toContain('粤江公保服字0001号');
    expect(details).not.toContain('某某公司');
    expect(details).toContain('（个人信息不予打印）');
  });

  it('says on a denial whether the applicant was told of the right to appeal', () => {
    const denial = { outcome: 'denied', reason: 'r', legalBasis: 'b' };
    expect(eventDetails('DecisionMade.v1', { ...denial, appealRightsNotified: true })).toContain('已告知申请人');
    expect(eventDetails('DecisionMade.v1', { ...denial, appealRightsNotified: false })).toContain('未告知申请人');
  });
});

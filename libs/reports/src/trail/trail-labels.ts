/**
 * Events in Chinese, for the printed trail. Personal data (the applicant, the complainant) is
 * never printed: the fields that hold it are left out, whatever their content.
 */
const LABELS: Record<string, string> = {
  'ApplicationFiled.v1': '申请提交',
  'ApplicationAccepted.v1': '受理',
  'ApplicationNotAccepted.v1': '不予受理',
  'SupplementRequested.v1': '一次性告知补正材料',
  'SupplementProvided.v1': '补正材料',
  'TimeLimitExtended.v1': '延长办理期限',
  'TimeLimitSuspended.v1': '办理期限中止',
  'TimeLimitResumed.v1': '办理期限恢复计算',
  'DecisionMade.v1': '作出行政许可决定',
  'DecisionDisclosed.v1': '许可决定公示',
  'DisclosureExempted.v1': '依法不予公示',
  'CertificateIssued.v1': '发放许可证件',
  'ApplicationWithdrawn.v1': '申请人撤回申请',
  'OnSiteVisitRecorded.v1': '到现场办理',
  'RatingReceived.v1': '收到“好差评”评价',
  'BadRatingRectified.v1': '差评整改',
  'ComplaintLogged.v1': '投诉举报登记',
  'ComplaintResolved.v1': '投诉举报办结',
  'LicenceGranted.v1': '颁发许可证件',
  'LicenceChangeApplied.v1': '申请变更行政许可',
  'LicenceChangeDecided.v1': '作出变更决定',
  'LicenceRenewalApplied.v1': '申请延续行政许可',
  'LicenceRenewalDecided.v1': '作出延续决定',
  'LicenceDeemedRenewed.v1': '逾期未决定，视为准予延续',
  'LicenceWithdrawn.v1': '撤回行政许可',
  'LicenceRevoked.v1': '撤销行政许可',
  'CancellationCauseRecorded.v1': '出现应予注销的情形',
  'LicenceCancelled.v1': '注销行政许可',
  'LicenceUseSuspended.v1': '暂停使用许可',
  'LicenceUseResumed.v1': '恢复使用许可',
  'LicenseeInspected.v1': '对被许可人监督检查',
  'FactCorrected.v1': '更正记录',
};

const PERSONAL_FIELDS = new Set(['applicant', 'complainant', 'appellant', 'holder']);
const CHANNELS: Record<string, string> = {
  online: '网上办事大厅',
  window: '窗口',
  app: '移动应用',
  terminal: '自助终端',
};
const SUSPENSIONS: Record<string, string> = {
  hearing: '听证',
  testing: '检验检测检疫鉴定',
  'expert-review': '专家评审',
  other: '其他',
};
const LEVELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };

export function eventLabel(type: string): string {
  return LABELS[type] ?? type;
}

/** One line saying what the event records, in Chinese where the field is known. */
export function eventDetails(type: string, data: Record<string, unknown>): string {
  const s = (key: string) => (typeof data[key] === 'string' && data[key] !== '' ? String(data[key]) : undefined);
  const parts: string[] = [];
  switch (type) {
    case 'ApplicationFiled.v1':
      parts.push(
        `事项 ${s('itemCode')}`,
        `部门 ${s('department')}`,
        `渠道 ${CHANNELS[s('channel') ?? ''] ?? s('channel')}`,
        `法定时限 ${data.statutoryDays} 个工作日`,
        `承诺时限 ${data.promisedDays} 个工作日`,
      );
      break;
    case 'ApplicationNotAccepted.v1':
      parts.push(`理由：${s('reason')}`);
      break;
    case 'SupplementRequested.v1':
      parts.push(`需补正：${s('materials')}`);
      break;
    case 'TimeLimitExtended.v1':
      parts.push(`延长 ${data.days} 个工作日`, `理由：${s('reason')}`, `批准人：${s('approvedBy')}`);
      break;
    case 'TimeLimitSuspended.v1':
      parts.push(
        `事由：${SUSPENSIONS[s('kind') ?? ''] ?? s('kind')}`,
        ...(s('reason') ? [`说明：${s('reason')}`] : []),
      );
      break;
    case 'DecisionMade.v1':
      parts.push(data.outcome === 'denied' ? '不予许可' : '准予许可');
      if (s('reason')) parts.push(`理由：${s('reason')}`);
      if (s('legalBasis')) parts.push(`依据：${s('legalBasis')}`);
      if (s('appealRightsNotice')) parts.push(`救济告知：${s('appealRightsNotice')}`);
      if (data.appealRightsNotified === true) parts.push('已告知申请人依法申请行政复议或者提起行政诉讼的权利');
      if (data.appealRightsNotified === false) parts.push('未告知申请人依法申请行政复议或者提起行政诉讼的权利');
      break;
    case 'DecisionDisclosed.v1':
      parts.push(`公示渠道：${s('channel')}`);
      break;
    case 'DisclosureExempted.v1':
      parts.push(`依据：${s('legalBasis')}`);
      break;
    case 'CertificateIssued.v1':
      parts.push(
        data.form === 'electronic' ? '电子证照' : '纸质证件',
        data.delivery === 'mail' ? '邮寄送达' : '现场领取',
      );
      break;
    case 'RatingReceived.v1':
      parts.push(`${LEVELS[Number(data.level)] ?? data.level}${data.defaulted ? '（逾期未评价，默认基本满意）' : ''}`);
      break;
    case 'OnSiteVisitRecorded.v1':
      if (s('purpose')) parts.push(`事由：${s('purpose')}`);
      break;
    case 'ApplicationWithdrawn.v1':
      if (s('reason')) parts.push(`理由：${s('reason')}`);
      break;
    case 'BadRatingRectified.v1':
      parts.push(`整改措施：${s('measures')}`);
      break;
    case 'ComplaintLogged.v1':
      parts.push(
        `渠道：${s('channel')}`,
        `事由：${s('subject')}`,
        ...(s('applicationId') ? [`涉及申请 ${s('applicationId')}`] : []),
        ...(s('itemCode') ? [`涉及事项 ${s('itemCode')}`] : []),
      );
      break;
    case 'ComplaintResolved.v1':
      parts.push(data.valid ? '经核查有效' : '经核查无效', `处理结果：${s('outcome')}`);
      break;
    case 'FactCorrected.v1': {
      // The corrected event stays in the trail as recorded; this line says what replaced it and on whose authority.
      const fields = data.fields !== null && typeof data.fields === 'object' ? Object.entries(data.fields) : [];
      parts.push(
        `更正事项：${eventLabel(s('correctedType') ?? '')}（事件 ${s('correctedEventId')}）`,
        ...(s('correctedAt') ? [`业务时间更正为 ${s('correctedAt')}`] : []),
        ...fields.map(([key, value]) => `${key} 更正为 ${typeof value === 'string' ? value : JSON.stringify(value)}`),
        `更正理由：${s('reason')}`,
        `批准人：${s('authorisedBy')}`,
      );
      break;
    }
    default:
      for (const [key, value] of Object.entries(data)) {
        if (PERSONAL_FIELDS.has(key) || key === 'applicationId' || key === 'complaintId') continue;
        parts.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
      }
  }
  const withheld = [...PERSONAL_FIELDS].some((k) => data[k] !== undefined) ? ['（个人信息不予打印）'] : [];
  return [...parts.filter((p) => !/undefined/.test(p)), ...withheld].join('；');
}

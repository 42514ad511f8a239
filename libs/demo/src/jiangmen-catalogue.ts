/**
 * The demo's licensing catalogue: 102 items of a municipal public security bureau across the five
 * departments the Jiangmen report names (治安, 交警, 出入境, 禁毒, 科信). Names follow the
 * Guangdong catalogue's wording; codes, time limits and volumes are synthetic but chosen so the
 * catalogue's 2020 figures are exactly the report's (102 items, 85 fully online, 72 immediate,
 * 10 on-site visits, compression 93.79%) and its 2019 figures are the weaker ones the report's
 * rectification list implies (fewer items online, longer promised limits, more visits).
 */

export type Department = '治安' | '交警' | '出入境' | '禁毒' | '科信';
export const DEPARTMENTS: readonly Department[] = ['治安', '交警', '出入境', '禁毒', '科信'];

/** The attributes the item decider knows, as `register-item` takes them. */
export interface DemoItemAttributes {
  readonly name: string;
  readonly department: Department;
  readonly statutoryDays: number;
  readonly promisedDays: number;
  readonly handlingType: 'immediate' | 'promised';
  readonly requiredVisits: number;
  readonly fullyOnline: boolean;
  readonly inStandardCatalogue: boolean;
  readonly inOnlineHall: boolean;
  readonly disclosable: boolean;
}

export interface DemoItem {
  readonly code: string;
  /** As registered (effective 2019-01-01) and as amended from 2020-01-01. */
  readonly attributes: { readonly 2019: DemoItemAttributes; readonly 2020: DemoItemAttributes };
  /** Applications a year at full scale. */
  readonly volume: { readonly 2019: number; readonly 2020: number };
  /** `electronic`: a paper permit plus an electronic one written to the company's IC card (2020 on); `mailable`: documents people may have posted. */
  readonly certificate?: 'electronic' | 'mailable';
  readonly applicant: 'person' | 'organisation';
  /** The legal basis on which every grant of the item is exempt from disclosure, if it is (出入境). */
  readonly disclosureExemption?: string;
}

type Handling = 'I' | 'P';
interface YearSpec {
  readonly promised: number;
  readonly handling: Handling;
  readonly visits: number;
  readonly online: boolean;
  readonly hall?: boolean;
}

interface Row {
  readonly code: string;
  readonly name: string;
  readonly department: Department;
  readonly statutory: number;
  readonly y2020: YearSpec;
  /** Only what differed in 2019. */
  readonly y2019?: Partial<YearSpec>;
  readonly volume: readonly [number, number];
  readonly certificate?: 'electronic' | 'mailable';
  readonly applicant?: 'person' | 'organisation';
}

// Shorthands: immediate / promised, fully online or not, with visits.
const I = (promised: 0 | 1, online = true, visits = 0): YearSpec => ({ promised, handling: 'I', visits, online });
const P = (promised: number, online = true, visits = 0): YearSpec => ({ promised, handling: 'P', visits, online });
const WAS_P = (promised: number, extra: Partial<YearSpec> = {}): Partial<YearSpec> => ({ promised, handling: 'P', ...extra });
const WAS_OFFLINE = (visits: number, extra: Partial<YearSpec> = {}): Partial<YearSpec> => ({ online: false, visits, ...extra });

const ROWS: readonly Row[] = [
  // 治安 — special trades, dangerous goods, firearms, events, security guards (32)
  { code: 'ZA-001', name: '旅馆业特种行业许可证核发', department: '治安', statutory: 20, y2020: P(2), y2019: WAS_OFFLINE(1, { promised: 12 }), volume: [205, 168], applicant: 'organisation' },
  { code: 'ZA-002', name: '旅馆业特种行业许可证变更', department: '治安', statutory: 20, y2020: I(0), y2019: WAS_P(5), volume: [96, 88], applicant: 'organisation' },
  { code: 'ZA-003', name: '旅馆业特种行业许可证补证', department: '治安', statutory: 20, y2020: I(0), volume: [18, 15], applicant: 'organisation' },
  { code: 'ZA-004', name: '公章刻制业特种行业许可证核发', department: '治安', statutory: 20, y2020: P(2), y2019: { promised: 10 }, volume: [9, 12], applicant: 'organisation' },
  { code: 'ZA-005', name: '公章刻制业特种行业许可证变更', department: '治安', statutory: 20, y2020: I(0), y2019: WAS_P(5), volume: [7, 9], applicant: 'organisation' },
  { code: 'ZA-006', name: '公章刻制业特种行业许可证补证', department: '治安', statutory: 20, y2020: I(0), volume: [2, 3], applicant: 'organisation' },
  { code: 'ZA-007', name: '典当业特种行业许可证核发', department: '治安', statutory: 20, y2020: P(2), y2019: { promised: 10 }, volume: [4, 3], applicant: 'organisation' },
  { code: 'ZA-008', name: '典当业特种行业许可证变更', department: '治安', statutory: 20, y2020: I(0), volume: [6, 5], applicant: 'organisation' },
  { code: 'ZA-009', name: '举办大型群众性活动安全许可', department: '治安', statutory: 7, y2020: P(1), y2019: { promised: 5, hall: false }, volume: [132, 61], applicant: 'organisation' },
  { code: 'ZA-010', name: '举办焰火晚会及其他大型焰火燃放活动许可', department: '治安', statutory: 20, y2020: P(3), y2019: WAS_OFFLINE(1, { promised: 10 }), volume: [11, 4], applicant: 'organisation' },
  { code: 'ZA-011', name: '烟花爆竹道路运输许可', department: '治安', statutory: 3, y2020: I(1), volume: [7313, 9395], certificate: 'electronic', applicant: 'organisation' },
  { code: 'ZA-012', name: '民用爆炸物品购买许可', department: '治安', statutory: 5, y2020: I(1), y2019: WAS_P(3), volume: [2540, 2694], certificate: 'electronic', applicant: 'organisation' },
  { code: 'ZA-013', name: '民用爆炸物品运输许可', department: '治安', statutory: 3, y2020: I(0), y2019: WAS_P(2), volume: [2810, 2911], certificate: 'electronic', applicant: 'organisation' },
  { code: 'ZA-014', name: '在城市、风景名胜区和重要工程设施附近实施爆破作业审批', department: '治安', statutory: 20, y2020: P(2), y2019: WAS_OFFLINE(1, { promised: 10, hall: false }), volume: [151, 138], applicant: 'organisation' },
  { code: 'ZA-015', name: '剧毒化学品购买许可', department: '治安', statutory: 3, y2020: I(0), volume: [441, 472], applicant: 'organisation' },
  { code: 'ZA-016', name: '剧毒化学品道路运输通行证核发', department: '治安', statutory: 7, y2020: I(0), y2019: WAS_P(3), volume: [588, 607], applicant: 'organisation' },
  { code: 'ZA-017', name: '放射性物品道路运输许可', department: '治安', statutory: 7, y2020: I(0), y2019: WAS_P(3), volume: [37, 42], applicant: 'organisation' },
  { code: 'ZA-018', name: '公务用枪持枪证件核发', department: '治安', statutory: 20, y2020: P(3), y2019: WAS_OFFLINE(1, { promised: 15 }), volume: [118, 122], applicant: 'organisation' },
  { code: 'ZA-019', name: '民用枪支（弹药）持枪证件核发', department: '治安', statutory: 20, y2020: I(0), volume: [64, 58], applicant: 'organisation' },
  { code: 'ZA-020', name: '民用枪支（弹药）配购许可', department: '治安', statutory: 20, y2020: I(0), volume: [33, 29], applicant: 'organisation' },
  { code: 'ZA-021', name: '枪支（弹药）运输许可', department: '治安', statutory: 15, y2020: I(0), volume: [47, 41], applicant: 'organisation' },
  { code: 'ZA-022', name: '营业性射击场设立许可', department: '治安', statutory: 20, y2020: P(5), y2019: { promised: 15 }, volume: [1, 1], applicant: 'organisation' },
  { code: 'ZA-023', name: '弩的制造、销售、进口、运输、使用审批', department: '治安', statutory: 20, y2020: I(0), volume: [3, 4], applicant: 'organisation' },
  { code: 'ZA-024', name: '保安员证核发', department: '治安', statutory: 20, y2020: I(0), y2019: WAS_P(5), volume: [7207, 5633] },
  { code: 'ZA-025', name: '金融机构营业场所和金库安全防范设施建设方案审批', department: '治安', statutory: 20, y2020: P(2), y2019: { promised: 10 }, volume: [68, 61], applicant: 'organisation' },
  { code: 'ZA-026', name: '金融机构营业场所和金库安全防范设施建设工程验收', department: '治安', statutory: 20, y2020: P(2), y2019: WAS_OFFLINE(1, { promised: 10 }), volume: [57, 55], applicant: 'organisation' },
  { code: 'ZA-027', name: '互联网上网服务营业场所治安管理审核', department: '治安', statutory: 20, y2020: I(0), y2019: WAS_P(5), volume: [21, 17], applicant: 'organisation' },
  { code: 'ZA-028', name: '娱乐场所治安管理备案核准', department: '治安', statutory: 20, y2020: I(0), volume: [46, 31], applicant: 'organisation' },
  { code: 'ZA-029', name: '印章业治安管理备案核准', department: '治安', statutory: 20, y2020: I(0), volume: [1622, 1744], applicant: 'organisation' },
  { code: 'ZA-030', name: '大型群众性活动安全许可变更', department: '治安', statutory: 7, y2020: I(0), volume: [14, 6], applicant: 'organisation' },
  { code: 'ZA-031', name: '烟花爆竹道路运输许可变更', department: '治安', statutory: 7, y2020: I(0), volume: [212, 198], applicant: 'organisation' },
  { code: 'ZA-032', name: '民用爆炸物品购买许可变更', department: '治安', statutory: 5, y2020: I(0), volume: [75, 81], applicant: 'organisation' },

  // 交警 — vehicle registration, driving licences, school buses, road permits (38)
  { code: 'JJ-001', name: '机动车注册登记', department: '交警', statutory: 2, y2020: P(1, false, 1), y2019: { visits: 2 }, volume: [44064, 57830], certificate: 'mailable' },
  { code: 'JJ-002', name: '机动车转移登记', department: '交警', statutory: 2, y2020: P(1, false, 1), y2019: { visits: 2 }, volume: [28008, 40260], certificate: 'mailable' },
  { code: 'JJ-003', name: '机动车变更登记', department: '交警', statutory: 2, y2020: I(0), y2019: WAS_OFFLINE(1, { handling: 'P', promised: 2 }), volume: [6768, 9870] },
  { code: 'JJ-004', name: '机动车抵押登记', department: '交警', statutory: 1, y2020: I(0), y2019: WAS_OFFLINE(1), volume: [5256, 8120] },
  { code: 'JJ-005', name: '机动车解除抵押登记', department: '交警', statutory: 1, y2020: I(0), volume: [3672, 5640] },
  { code: 'JJ-006', name: '机动车注销登记', department: '交警', statutory: 1, y2020: I(0), volume: [6336, 9450] },
  { code: 'JJ-007', name: '机动车号牌补领', department: '交警', statutory: 1, y2020: I(0), volume: [2592, 3910], certificate: 'mailable' },
  { code: 'JJ-008', name: '机动车号牌换领', department: '交警', statutory: 1, y2020: I(0), volume: [1512, 2270], certificate: 'mailable' },
  { code: 'JJ-009', name: '机动车行驶证补领', department: '交警', statutory: 1, y2020: I(0), volume: [4968, 7480], certificate: 'mailable' },
  { code: 'JJ-010', name: '机动车行驶证换领', department: '交警', statutory: 1, y2020: I(0), volume: [3096, 4610], certificate: 'mailable' },
  { code: 'JJ-011', name: '机动车登记证书补领', department: '交警', statutory: 1, y2020: I(0), y2019: WAS_OFFLINE(1), volume: [1368, 2050], certificate: 'mailable' },
  { code: 'JJ-012', name: '机动车登记证书核发', department: '交警', statutory: 1, y2020: I(0), volume: [2232, 3340] },
  { code: 'JJ-013', name: '机动车检验合格标志核发', department: '交警', statutory: 1, y2020: I(0), volume: [79517, 68361], certificate: 'mailable' },
  { code: 'JJ-014', name: '机动车临时通行牌证核发', department: '交警', statutory: 1, y2020: I(0), volume: [11376, 16420] },
  { code: 'JJ-015', name: '机动车驾驶证初次申领', department: '交警', statutory: 1, y2020: I(0, false, 1), volume: [22464, 29840] },
  { code: 'JJ-016', name: '机动车驾驶证增加准驾车型申领', department: '交警', statutory: 1, y2020: I(0, false), y2019: { visits: 1 }, volume: [2808, 3710] },
  { code: 'JJ-017', name: '机动车驾驶证有效期满换证', department: '交警', statutory: 1, y2020: I(0), y2019: WAS_OFFLINE(1), volume: [15336, 22960], certificate: 'mailable' },
  { code: 'JJ-018', name: '机动车驾驶证转入换证', department: '交警', statutory: 1, y2020: I(0), volume: [1872, 2480], certificate: 'mailable' },
  { code: 'JJ-019', name: '机动车驾驶证补证', department: '交警', statutory: 1, y2020: I(0), volume: [4104, 6130], certificate: 'mailable' },
  { code: 'JJ-020', name: '机动车驾驶证损毁换证', department: '交警', statutory: 1, y2020: I(0), volume: [576, 860], certificate: 'mailable' },
  { code: 'JJ-021', name: '机动车驾驶证延期换证', department: '交警', statutory: 1, y2020: I(0), volume: [648, 1770], certificate: 'mailable' },
  { code: 'JJ-022', name: '机动车驾驶证降级换证', department: '交警', statutory: 1, y2020: I(0), volume: [216, 340], certificate: 'mailable' },
  { code: 'JJ-023', name: '境外机动车驾驶证换证', department: '交警', statutory: 1, y2020: I(0, false), y2019: { visits: 1 }, volume: [302, 160] },
  { code: 'JJ-024', name: '军队、武装警察部队机动车驾驶证换证', department: '交警', statutory: 1, y2020: I(0), volume: [65, 85] },
  { code: 'JJ-025', name: '机动车驾驶证审验', department: '交警', statutory: 1, y2020: I(0), volume: [8928, 13280] },
  { code: 'JJ-026', name: '机动车驾驶证（残疾人专用小型自动挡载客汽车）申领', department: '交警', statutory: 1, y2020: I(0), y2019: WAS_OFFLINE(1), volume: [43, 58] },
  { code: 'JJ-027', name: '校车驾驶资格许可', department: '交警', statutory: 20, y2020: P(2, false), y2019: { promised: 5, visits: 1 }, volume: [101, 120] },
  { code: 'JJ-028', name: '校车标牌核发', department: '交警', statutory: 20, y2020: I(0), y2019: WAS_P(3), volume: [68, 88] },
  { code: 'JJ-029', name: '临时入境机动车号牌和行驶证核发', department: '交警', statutory: 1, y2020: I(0), volume: [29, 6] },
  { code: 'JJ-030', name: '临时机动车驾驶许可', department: '交警', statutory: 1, y2020: I(0), volume: [40, 9] },
  { code: 'JJ-031', name: '危险化学品运输车辆限制通行区域通行许可', department: '交警', statutory: 20, y2020: I(0), y2019: WAS_P(3), volume: [100, 130], applicant: 'organisation' },
  { code: 'JJ-032', name: '货车城区通行证核发', department: '交警', statutory: 20, y2020: I(0), y2019: WAS_P(2), volume: [120, 160], applicant: 'organisation' },
  { code: 'JJ-033', name: '涉及道路交通安全的占道施工许可', department: '交警', statutory: 20, y2020: P(2), y2019: { promised: 10 }, volume: [200, 212], applicant: 'organisation' },
  { code: 'JJ-034', name: '公路超限运输车辆行驶交通安全审核', department: '交警', statutory: 20, y2020: P(2), y2019: WAS_OFFLINE(1, { promised: 10 }), volume: [120, 135], applicant: 'organisation' },
  { code: 'JJ-035', name: '机动车驾驶人考试合格后核发驾驶证', department: '交警', statutory: 1, y2020: I(0), volume: [504, 690] },
  { code: 'JJ-036', name: '机动车号牌专用固封装置补领', department: '交警', statutory: 1, y2020: I(0), y2019: { hall: false }, volume: [187, 281] },
  { code: 'JJ-037', name: '机动车检验标志电子凭证核发', department: '交警', statutory: 1, y2020: I(0), y2019: { hall: false }, volume: [0, 4230] },
  { code: 'JJ-038', name: '机动车驾驶证记分满分考试预约确认', department: '交警', statutory: 1, y2020: I(0), volume: [864, 1330] },

  // 出入境 — passports, Hong Kong / Macao / Taiwan documents and endorsements, foreigners (25)
  { code: 'CRJ-001', name: '普通护照签发', department: '出入境', statutory: 15, y2020: P(2, false, 1), y2019: { promised: 7 }, volume: [19760, 11280], certificate: 'mailable' },
  { code: 'CRJ-002', name: '普通护照换发', department: '出入境', statutory: 15, y2020: P(2, false, 1), y2019: { promised: 7 }, volume: [4485, 2840], certificate: 'mailable' },
  { code: 'CRJ-003', name: '普通护照补发', department: '出入境', statutory: 15, y2020: P(2, false, 1), y2019: { promised: 7 }, volume: [910, 770], certificate: 'mailable' },
  { code: 'CRJ-004', name: '往来港澳通行证签发', department: '出入境', statutory: 15, y2020: P(2, false, 1), y2019: { promised: 7 }, volume: [21515, 14620], certificate: 'mailable' },
  { code: 'CRJ-005', name: '往来港澳通行证换发', department: '出入境', statutory: 15, y2020: P(2, false, 1), y2019: { promised: 7 }, volume: [8190, 5930], certificate: 'mailable' },
  { code: 'CRJ-006', name: '往来港澳通行证补发', department: '出入境', statutory: 15, y2020: P(2, false, 1), y2019: { promised: 7 }, volume: [1235, 880], certificate: 'mailable' },
  { code: 'CRJ-007', name: '往来港澳通行证团队旅游签注签发', department: '出入境', statutory: 15, y2020: I(0), y2019: WAS_OFFLINE(1, { handling: 'P', promised: 5 }), volume: [5720, 1240] },
  { code: 'CRJ-008', name: '往来港澳通行证个人旅游签注签发', department: '出入境', statutory: 15, y2020: I(0), volume: [17810, 6010] },
  { code: 'CRJ-009', name: '往来港澳通行证探亲签注签发', department: '出入境', statutory: 15, y2020: I(0), volume: [6305, 3960] },
  { code: 'CRJ-010', name: '往来港澳通行证商务签注签发', department: '出入境', statutory: 15, y2020: I(0), y2019: WAS_P(5), volume: [3835, 2480] },
  { code: 'CRJ-011', name: '往来港澳通行证其他签注签发', department: '出入境', statutory: 15, y2020: I(0), y2019: WAS_P(5), volume: [845, 610] },
  { code: 'CRJ-012', name: '往来台湾通行证签发', department: '出入境', statutory: 15, y2020: P(2, false, 1), y2019: { promised: 7 }, volume: [1885, 1190], certificate: 'mailable' },
  { code: 'CRJ-013', name: '往来台湾通行证团队旅游签注签发', department: '出入境', statutory: 15, y2020: I(0), volume: [715, 90] },
  { code: 'CRJ-014', name: '往来台湾通行证探亲签注签发', department: '出入境', statutory: 15, y2020: I(0), volume: [325, 270] },
  { code: 'CRJ-015', name: '往来台湾通行证其他签注签发', department: '出入境', statutory: 15, y2020: I(0), y2019: WAS_P(5), volume: [208, 140] },
  { code: 'CRJ-016', name: '台湾居民来往大陆通行证（一次有效）签发', department: '出入境', statutory: 15, y2020: I(0), volume: [247, 260] },
  { code: 'CRJ-017', name: '台湾居民来往大陆通行证（五年有效）签发', department: '出入境', statutory: 15, y2020: P(2, false), y2019: { promised: 7 }, volume: [332, 390], certificate: 'mailable' },
  { code: 'CRJ-018', name: '出入境通行证签发', department: '出入境', statutory: 15, y2020: I(0), volume: [156, 150] },
  { code: 'CRJ-019', name: '外国人签证延期', department: '出入境', statutory: 7, y2020: P(1), y2019: WAS_OFFLINE(1, { promised: 5 }), volume: [403, 455] },
  { code: 'CRJ-020', name: '外国人签证换发', department: '出入境', statutory: 7, y2020: P(1), y2019: { promised: 5 }, volume: [104, 118] },
  { code: 'CRJ-021', name: '外国人签证补发', department: '出入境', statutory: 7, y2020: I(0), y2019: WAS_P(5), volume: [36, 41] },
  { code: 'CRJ-022', name: '外国人工作类居留许可签发', department: '出入境', statutory: 15, y2020: P(3, false), y2019: { promised: 10 }, volume: [942, 1208], certificate: 'mailable' },
  { code: 'CRJ-023', name: '外国人学习类居留许可签发', department: '出入境', statutory: 15, y2020: P(3, false), y2019: { promised: 10 }, volume: [202, 196], certificate: 'mailable' },
  { code: 'CRJ-024', name: '外国人家属类居留许可签发', department: '出入境', statutory: 15, y2020: P(3, false), y2019: { promised: 10 }, volume: [442, 587], certificate: 'mailable' },
  { code: 'CRJ-025', name: '外国人停留证件签发', department: '出入境', statutory: 7, y2020: I(0), y2019: WAS_P(3), volume: [84, 92] },

  // 禁毒 — precursor chemicals (5)
  { code: 'JD-001', name: '第一类易制毒化学品购买许可', department: '禁毒', statutory: 10, y2020: P(3), y2019: { promised: 8 }, volume: [244, 262], applicant: 'organisation' },
  { code: 'JD-002', name: '第一类易制毒化学品运输许可', department: '禁毒', statutory: 10, y2020: I(0), y2019: WAS_P(5), volume: [150, 160], applicant: 'organisation' },
  { code: 'JD-003', name: '第二类易制毒化学品运输许可', department: '禁毒', statutory: 3, y2020: I(0), volume: [150, 160], applicant: 'organisation' },
  { code: 'JD-004', name: '第一类易制毒化学品运输许可（多次使用有效）', department: '禁毒', statutory: 10, y2020: I(0), y2019: WAS_P(5), volume: [96, 104], applicant: 'organisation' },
  { code: 'JD-005', name: '第二类易制毒化学品运输许可（多次使用有效）', department: '禁毒', statutory: 3, y2020: I(0), volume: [118, 127], applicant: 'organisation' },

  // 科信 — information security review (2)
  { code: 'KX-001', name: '互联网上网服务营业场所信息网络安全审核', department: '科信', statutory: 20, y2020: P(2), y2019: WAS_OFFLINE(1, { promised: 10, hall: false }), volume: [36, 29], applicant: 'organisation' },
  { code: 'KX-002', name: '互联网上网服务营业场所信息网络安全审核（变更）', department: '科信', statutory: 20, y2020: I(0), y2019: { hall: false, handling: 'P', promised: 5 }, volume: [24, 22], applicant: 'organisation' },
];

/**
 * The disclosure model (公开公示). The credit platform (信用江门网, 双公示) publishes licensing
 * decisions on organisations (法人和其他组织): those items are disclosable, and every grant of
 * them is disclosed. Decisions on natural persons (driving licences, vehicle registrations,
 * security-guard cards) are personal information and are not published individually
 * (《中华人民共和国政府信息公开条例》第十五条), so nothing is due for them. Exit-entry (出入境)
 * results are withheld by law (《中华人民共和国护照法》, as the seed report says): each grant is
 * recorded as exempt from disclosure with that legal basis. The volumes above are set so that
 * the organisations' grants are the report's 20,575 disclosures of 2020 (18,106 in 2019).
 */
export const EXIT_ENTRY_DISCLOSURE_BASIS = '《中华人民共和国护照法》';

function disclosableOf(row: Row): boolean {
  return row.applicant === 'organisation' && row.department !== '出入境';
}

function attributesOf(row: Row, spec: YearSpec): DemoItemAttributes {
  return {
    name: row.name,
    department: row.department,
    statutoryDays: row.statutory,
    promisedDays: spec.promised,
    handlingType: spec.handling === 'I' ? 'immediate' : 'promised',
    requiredVisits: spec.visits,
    fullyOnline: spec.online,
    inStandardCatalogue: true,
    inOnlineHall: spec.hall ?? true,
    disclosable: disclosableOf(row),
  };
}

/** The 102 items, in catalogue order. */
export const JIANGMEN_CATALOGUE: readonly DemoItem[] = ROWS.map((row) => ({
  code: row.code,
  attributes: { 2019: attributesOf(row, { ...row.y2020, ...row.y2019 }), 2020: attributesOf(row, row.y2020) },
  volume: { 2019: row.volume[0], 2020: row.volume[1] },
  ...(row.certificate ? { certificate: row.certificate } : {}),
  applicant: row.applicant ?? 'person',
  ...(row.department === '出入境' ? { disclosureExemption: EXIT_ENTRY_DISCLOSURE_BASIS } : {}),
}));

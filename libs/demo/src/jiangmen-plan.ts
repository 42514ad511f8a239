/**
 * The demo year as a plan: pure data, no clock, no store. For 2020 it holds every figure the
 * Jiangmen PSB's 2020 licensing report states; for 2019 plausible weaker figures for the
 * comparison. `scale` shrinks the application volume (1 = full, 0.01 for tests) while the
 * catalogue, the supervision counts, the indicators and the special cases stay exact.
 */
import {
  ApplicationsFigures,
  DecisionsFigures,
  DisclosureFigures,
  EffectFigures,
  ItemsFigures,
  LicenceFigures,
  SupervisionFigures,
  average,
  rate,
} from '@ledger/projections';
import { apportion } from './demo-math';
import { DEPARTMENTS, DemoItem, DemoItemAttributes, Department, JIANGMEN_CATALOGUE } from './jiangmen-catalogue';
import { LicenceYearPlan, expectedLicenceFigures, licenceYearPlan } from './licence-plan';

export type DemoYear = 2019 | 2020;
export const DEMO_YEARS: readonly DemoYear[] = [2019, 2020];
export const DEMO_AGENCY = 'jiangmen-psb';
export const DEMO_SEED = 20210330;
/** The catalogue as registered, and the reform that changed it (放管服: more items online, shorter promises). */
export const CATALOGUE_REGISTERED_FROM = '2019-01-01T00:00:00+08:00';
export const CATALOGUE_AMENDED_FROM = '2020-01-01T00:00:00+08:00';

/** The seed's one denial of 2020, word for word. */
export const SEED_DENIAL_REASON = '因申请人签订的买卖合同标的跟申请购买的一类易制毒化学品不符';

export interface DenialPlan {
  readonly itemCode: string;
  readonly reason: string;
  readonly legalBasis: string;
  /** Where in the year's filings it falls, as a fraction of the year's applications. */
  readonly position: number;
}

export interface InspectionPlan {
  readonly kind: 'external-supervision' | 'enforcement-inspection' | 'case-file-review';
  readonly department: Department;
  readonly itemCode?: string;
  /** Case-file reviews: the files sampled. */
  readonly filesReviewed?: number;
  readonly findings: string;
  readonly rectificationRequired: boolean;
  /** Rectification recorded for a finding that required one. */
  readonly rectification?: { readonly problem: string; readonly measures: string };
}

/** A problem of an earlier year rectified during this one (the report's 整改情况). */
export interface RectificationPlan {
  readonly problem: string;
  readonly measures: string;
  readonly status: 'completed';
  /** The year whose problem it is. */
  readonly year: number;
}

export interface ComplaintPlan {
  readonly channel: string;
  readonly subject: string;
  readonly itemCode: string;
  readonly outcome: string;
}

export interface AppealPlan {
  readonly kind: 'reconsideration' | 'litigation';
  /** Index into the year's denials: the decision appealed. */
  readonly denial: number;
  readonly outcome: string;
}

export interface IndicatorPlan {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly source: string;
}

export type RatingCounts = { readonly [L in 1 | 2 | 3 | 4 | 5]: number };

export interface YearPlan {
  readonly year: DemoYear;
  /** Applications filed in the year; every one is accepted (the report: 受理 = 收到). */
  readonly received: number;
  /** Applications per catalogue item (same order as `catalogue`); sums to `received`. */
  readonly itemQuotas: readonly number[];
  readonly denials: readonly DenialPlan[];
  /** Accepted on the year's last working day and decided early in January (0 or 1). */
  readonly carriedOver: number;
  /** Applications with one supplement notice before acceptance (一次性告知), and with a suspended time limit. */
  readonly supplements: number;
  readonly suspensions: number;
  /** Decisions published: every granted decision of a disclosable item (see the disclosure model in the catalogue). */
  readonly disclosed: number;
  /** Grants recorded as exempt from disclosure (出入境, 《护照法》). */
  readonly exempted: number;
  /** Electronic permits (民爆物品 and 烟花爆竹 transport), each with its paper permit. */
  readonly electronicCertificates: number;
  readonly certificatesMailed: number;
  readonly ratings: RatingCounts;
  readonly inspections: readonly InspectionPlan[];
  readonly rectifications: readonly RectificationPlan[];
  readonly complaints: readonly ComplaintPlan[];
  readonly appeals: readonly AppealPlan[];
  /** Reported by other systems early in the next year. */
  readonly indicators: readonly IndicatorPlan[];
  /** The licences the year's grants create, and the lives some of them lead (`licence-plan.ts`). */
  readonly licences: LicenceYearPlan;
}

export interface DemoPlan {
  readonly agency: string;
  readonly scale: number;
  readonly seed: number;
  readonly catalogue: readonly DemoItem[];
  readonly years: readonly DemoYear[];
  readonly byYear: Readonly<Partial<Record<DemoYear, YearPlan>>>;
}

export interface JiangmenPlanOptions {
  /** 1 = the report's volume; smaller for tests (applications and their facts scale, the rest does not). */
  readonly scale?: number;
  readonly years?: readonly DemoYear[];
  readonly seed?: number;
}

/** What does not scale with the volume, per year. */
interface YearSeed {
  readonly received: number;
  readonly denials: readonly DenialPlan[];
  readonly carriedOver: number;
  readonly supplements: number;
  readonly suspensions: number;
  /** The seed's disclosures at full scale; the plan checks the catalogue's disclosable grants come to it. */
  readonly disclosed: number;
  readonly electronicCertificates: number;
  readonly certificatesMailed: number;
  /**
   * Ratings come in blocks whose satisfaction rate is the year's: 43 of 45 satisfied (95.555…%,
   * published as 95.56%) in 2020, 14 of 15 (93.33%) in 2019, so any number of blocks gives the
   * same rate. `blocks` is the full-scale number; the levels split each part by `weights`.
   */
  readonly ratingBlock: {
    readonly size: number;
    readonly satisfied: number;
    readonly blocks: number;
    readonly goodWeights: readonly [number, number, number];
    readonly badWeights: readonly [number, number];
  };
  readonly externalSupervision: number;
  readonly enforcementInspections: number;
  readonly caseFileReviews: readonly number[];
  readonly rectifications: readonly RectificationPlan[];
  readonly complaints: readonly ComplaintPlan[];
  readonly appeals: readonly AppealPlan[];
  readonly indicators: readonly IndicatorPlan[];
}

const SEAL_SYSTEM = '公章治安管理信息系统';

const YEAR_SEEDS: Readonly<Record<DemoYear, YearSeed>> = {
  2019: {
    received: 381_927,
    denials: [
      {
        itemCode: 'ZA-001',
        reason: '经现场核查，申请场所的消防安全条件和治安防范设施不符合旅馆业开业条件',
        legalBasis: '《旅馆业治安管理办法》第三条、第四条',
        position: 0.23,
      },
      {
        itemCode: 'ZA-009',
        reason: '申请人未落实活动安全工作方案规定的安全保卫措施，不具备举办活动的安全条件',
        legalBasis: '《大型群众性活动安全管理条例》第十一条、第十四条',
        position: 0.58,
      },
      {
        itemCode: 'ZA-015',
        reason: '申请单位不能提供剧毒化学品合法用途的证明材料',
        legalBasis: '《危险化学品安全管理条例》第三十九条',
        position: 0.81,
      },
    ],
    carriedOver: 0,
    supplements: 1_840,
    suspensions: 95,
    disclosed: 18_106,
    electronicCertificates: 0,
    certificatesMailed: 9_870,
    ratingBlock: {
      size: 15,
      satisfied: 14,
      blocks: 4_000,
      goodWeights: [40_000, 11_000, 5_000],
      badWeights: [2_900, 1_100],
    },
    externalSupervision: 126,
    enforcementInspections: 10,
    caseFileReviews: [20, 20, 20],
    rectifications: [],
    complaints: [
      {
        channel: '12345政务服务便民热线',
        subject: '反映办理机动车转移登记排队时间过长',
        itemCode: 'JJ-002',
        outcome: '经核查，窗口按规定时限办结，未发现违规行为；已向来电人解释预约办理方式',
      },
      {
        channel: '江门公安微信公众号',
        subject: '反映往来港澳通行证签注办理进度',
        itemCode: 'CRJ-009',
        outcome: '经核查，该申请在承诺时限内办结，投诉不成立',
      },
    ],
    appeals: [{ kind: 'reconsideration', denial: 1, outcome: '复议机关维持原不予许可决定' }],
    indicators: [
      { name: '公章刻制', value: 49_867, unit: '枚', source: SEAL_SYSTEM },
      { name: '平均刻制时长', value: 1.65, unit: '小时', source: SEAL_SYSTEM },
      { name: '网上刻章', value: 4_126, unit: '枚', source: '在线刻章业务平台' },
      { name: '车管业务预约', value: 214_000, unit: '宗', source: '车管业务预约系统' },
      { name: '自助终端入驻率', value: 62.5, unit: '%', source: '广东省政务服务自助终端管理平台' },
      { name: '剧毒化学品购买许可证件', value: 441, unit: '份', source: '剧毒化学品购买许可证件管理系统' },
      { name: '好差评换算得分', value: 1.2, unit: '分', source: '广东省政务服务网“好差评”系统' },
      { name: '电子证照开通率', value: 0, unit: '%', source: '广东省电子证照系统' },
    ],
  },
  2020: {
    received: 410_054,
    denials: [
      {
        itemCode: 'JD-001',
        reason: SEED_DENIAL_REASON,
        legalBasis: '《易制毒化学品管理条例》第十四条、第十五条',
        position: 0.62,
      },
    ],
    carriedOver: 1,
    supplements: 1_390,
    suspensions: 70,
    disclosed: 20_575,
    electronicCertificates: 14_936,
    certificatesMailed: 13_950,
    ratingBlock: {
      size: 45,
      satisfied: 43,
      blocks: 2_000,
      goodWeights: [70_000, 12_000, 4_000],
      badWeights: [2_800, 1_200],
    },
    externalSupervision: 142,
    enforcementInspections: 12,
    caseFileReviews: [20, 20, 20, 20],
    rectifications: [
      {
        problem: '应开通电子证照1个，已开通0个，开通率0%',
        measures:
          '梳理完善我市公安机关电子证照用证清单、发证清单，推进与上级部门电子证照平台的对接，加快相关电子证照的开通与签发，拓展电子证照、电子印章在网上办事中的应用',
        status: 'completed',
        year: 2019,
      },
      {
        problem: '“好差评”按照广东省政务服务网好差评分数换算得分1.2分，扣0.8分',
        measures:
          '推动各级出入境办证大厅和车管所办证大厅窗口全面安装政务服务“好差评”评价器服务装置，积极引导群众进行服务评价，实现“好差评”服务评价覆盖率100%',
        status: 'completed',
        year: 2019,
      },
      {
        problem: '第三方测评自评报告未提交，全程网办率、服务时间压缩、自助终端入驻率较低',
        measures:
          '深入推进放管服改革，行政许可全程网办率达83.33%，服务时限压缩率93.79%，平均跑动次数0.098次，即办件占比70.59%，自助终端入驻率100%',
        status: 'completed',
        year: 2019,
      },
    ],
    complaints: [],
    appeals: [],
    indicators: [
      { name: '公章刻制', value: 55_122, unit: '枚', source: SEAL_SYSTEM },
      { name: '平均刻制时长', value: 0.48, unit: '小时', source: SEAL_SYSTEM },
      { name: '网上刻章', value: 30_858, unit: '枚', source: '在线刻章业务平台' },
      { name: '车管业务预约', value: 380_000, unit: '宗', source: '车管业务预约系统' },
      { name: '车管业务网上预约服务人次', value: 294_000, unit: '人次', source: '车管业务预约系统' },
      { name: '周末车驾管服务人次', value: 89_000, unit: '人次', source: '车驾管业务系统' },
      { name: '网上可办车驾管业务占比', value: 60, unit: '%', source: '车驾管业务系统' },
      { name: '交管12123网上办理业务', value: 34, unit: '项', source: '交管12123' },
      { name: '邑微警网上平台办理业务', value: 554_356, unit: '项', source: '邑微警网上平台' },
      { name: '自助终端入驻率', value: 100, unit: '%', source: '广东省政务服务自助终端管理平台' },
      { name: '剧毒化学品购买许可证件', value: 472, unit: '份', source: '剧毒化学品购买许可证件管理系统' },
      { name: '电子证照开通率', value: 100, unit: '%', source: '广东省电子证照系统' },
    ],
  },
};

/** Items whose holders the double-random checks visit (special trades and dangerous goods). */
const SUPERVISED_ITEMS = [
  'ZA-001',
  'ZA-004',
  'ZA-007',
  'ZA-011',
  'ZA-012',
  'ZA-013',
  'ZA-014',
  'ZA-015',
  'ZA-016',
  'ZA-018',
  'ZA-024',
  'ZA-025',
  'JD-001',
  'JD-002',
  'JD-003',
  'KX-001',
];
const EXTERNAL_FINDINGS = [
  '双随机抽查：许可条件持续符合，台账登记完整，未发现问题',
  '双随机抽查：安全管理制度落实到位，未发现问题',
  '双随机抽查：发现登记台账个别项目填写不规范，已当场指导改正',
  '双随机抽查：从业人员持证上岗，储存场所符合要求，未发现问题',
];
const INSPECTED_DEPARTMENTS: readonly Department[] = [
  '治安',
  '交警',
  '出入境',
  '禁毒',
  '治安',
  '交警',
  '出入境',
  '科信',
  '治安',
  '交警',
  '出入境',
  '禁毒',
];

function inspectionsOf(seed: YearSeed): InspectionPlan[] {
  const external = Array.from({ length: seed.externalSupervision }, (_, i): InspectionPlan => {
    const itemCode = SUPERVISED_ITEMS[i % SUPERVISED_ITEMS.length];
    const department = JIANGMEN_CATALOGUE.find((item) => item.code === itemCode)!.attributes[2020].department;
    return {
      kind: 'external-supervision',
      department,
      itemCode,
      findings: EXTERNAL_FINDINGS[i % EXTERNAL_FINDINGS.length],
      rectificationRequired: false,
    };
  });
  // The third and the ninth enforcement inspection find something to put right.
  const enforcement = Array.from({ length: seed.enforcementInspections }, (_, i): InspectionPlan => {
    const department = INSPECTED_DEPARTMENTS[i % INSPECTED_DEPARTMENTS.length];
    const problem = i === 2 || i === 8;
    return {
      kind: 'enforcement-inspection',
      department,
      findings: problem
        ? `法制、督察部门执法检查：${department}部门个别审批环节材料归档不及时`
        : `法制、督察部门执法检查：${department}部门审批流程规范，未发现违法违规问题`,
      rectificationRequired: problem,
      ...(problem
        ? {
            rectification: {
              problem: `${department}部门个别审批环节材料归档不及时`,
              measures: '明确归档时限，专人每周核对电子档案与纸质材料，已全部补齐归档',
            },
          }
        : {}),
    };
  });
  // Case-file reviews are quarterly (or so); the second finds files to correct.
  const reviews = seed.caseFileReviews.map((files, i): InspectionPlan => {
    const problem = i === 1;
    return {
      kind: 'case-file-review',
      department: INSPECTED_DEPARTMENTS[(i * 3) % INSPECTED_DEPARTMENTS.length],
      filesReviewed: files,
      findings: problem
        ? `依据《广东省行政执法案卷评查标准》抽查行政许可案卷${files}宗，发现个别案卷送达回证填写不完整`
        : `依据《广东省行政执法案卷评查标准》抽查行政许可案卷${files}宗，案卷规范，未发现问题`,
      rectificationRequired: problem,
      ...(problem
        ? {
            rectification: {
              problem: '个别案卷送达回证填写不完整',
              measures: '补正送达回证，组织审批民警学习案卷评查标准',
            },
          }
        : {}),
    };
  });
  return [...external, ...enforcement, ...reviews];
}

/** Rounded, and never below what the special cases need. */
const scaled = (n: number, scale: number, atLeast = 0): number => Math.max(atLeast, Math.round(n * scale));

function itemQuotas(year: DemoYear, received: number, minima: ReadonlyMap<string, number>): number[] {
  const mins = JIANGMEN_CATALOGUE.map((item) => minima.get(item.code) ?? 0);
  // Weights net of the minima, so that at full scale the quotas are exactly the catalogue's volumes.
  const weights = JIANGMEN_CATALOGUE.map((item, i) => Math.max(0, item.volume[year] - mins[i]));
  const rest = apportion(received - mins.reduce((s, m) => s + m, 0), weights);
  return rest.map((n, i) => n + mins[i]);
}

const attributesAt = (item: DemoItem, year: DemoYear): DemoItemAttributes => item.attributes[year];

/** Granted decisions of the year of items that `include` accepts (a certificate, a disclosure, a licence). */
function grantsOf(
  plan: Pick<YearPlan, 'year' | 'itemQuotas' | 'denials' | 'carriedOver'>,
  include: (item: DemoItem) => boolean,
  carriedOverItem: string,
): number {
  let n = 0;
  JIANGMEN_CATALOGUE.forEach((item, i) => {
    if (!include(item)) return;
    n +=
      plan.itemQuotas[i] -
      plan.denials.filter((d) => d.itemCode === item.code).length -
      (plan.carriedOver && item.code === carriedOverItem ? plan.carriedOver : 0);
  });
  return n;
}

/** The item of the application carried into January: a passport applied for at the window on New Year's Eve. */
export const CARRIED_OVER_ITEM = 'CRJ-001';

function yearPlan(year: DemoYear, scale: number, nextYearWritten: boolean): YearPlan {
  const seed = YEAR_SEEDS[year];
  const minima = new Map<string, number>();
  for (const d of seed.denials) minima.set(d.itemCode, (minima.get(d.itemCode) ?? 0) + 1);
  if (seed.carriedOver) minima.set(CARRIED_OVER_ITEM, (minima.get(CARRIED_OVER_ITEM) ?? 0) + seed.carriedOver);
  const neededApplications = [...minima.values()].reduce((s, n) => s + n, 0);
  const received = scaled(seed.received, scale, neededApplications);
  const base = {
    year,
    itemQuotas: itemQuotas(year, received, minima),
    denials: seed.denials,
    carriedOver: seed.carriedOver,
  };

  const electronicPool =
    year >= 2020 ? grantsOf(base, (item) => item.certificate === 'electronic', CARRIED_OVER_ITEM) : 0;
  const mailPool = grantsOf(base, (item) => item.certificate === 'mailable', CARRIED_OVER_ITEM);
  const disclosurePool = grantsOf(base, (item) => attributesAt(item, year).disclosable, CARRIED_OVER_ITEM);
  if (scale === 1 && disclosurePool !== seed.disclosed)
    throw new Error(
      `demo catalogue ${year}: ${disclosurePool} disclosable grants, the report says ${seed.disclosed} disclosures`,
    );
  const exemptPool = grantsOf(base, (item) => item.disclosureExemption !== undefined, CARRIED_OVER_ITEM);
  // Only concluded, granted applications are rated here (a denial's rating would say little of the service).
  const ratable = received - seed.denials.length - seed.carriedOver;
  const { size, satisfied, blocks, goodWeights, badWeights } = seed.ratingBlock;
  const k = Math.min(Math.max(1, Math.round(blocks * scale)), Math.floor(ratable / size));
  const [l5, l4, l3] = apportion(k * satisfied, goodWeights);
  const [l2, l1] = apportion(k * (size - satisfied), badWeights);

  return {
    ...base,
    received,
    // At least one of each, so a small demo still shows a supplement notice and a suspended time limit.
    supplements: scaled(seed.supplements, scale, 1),
    suspensions: scaled(seed.suspensions, scale, 1),
    // Every disclosable grant is published and every 出入境 grant exempted: nothing is left for DISCLOSURE.MISSING.
    disclosed: disclosurePool,
    exempted: exemptPool,
    electronicCertificates: Math.min(scaled(seed.electronicCertificates, scale), electronicPool),
    certificatesMailed: Math.min(scaled(seed.certificatesMailed, scale), mailPool),
    ratings: { 1: l1, 2: l2, 3: l3, 4: l4, 5: l5 },
    inspections: inspectionsOf(seed),
    rectifications: seed.rectifications,
    complaints: seed.complaints,
    appeals: seed.appeals,
    indicators: seed.indicators,
    licences: licenceYearPlan(
      JIANGMEN_CATALOGUE,
      (code) => grantsOf(base, (item) => item.code === code, CARRIED_OVER_ITEM),
      nextYearWritten,
    ),
  };
}

/** The plan for the given years at the given scale: deterministic, the same every time. */
export function jiangmenPlan(options: JiangmenPlanOptions = {}): DemoPlan {
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`scale must be more than 0 and at most 1, got ${scale}`);
  const years = [...new Set(options.years ?? DEMO_YEARS)].sort();
  for (const y of years)
    if (!DEMO_YEARS.includes(y)) throw new RangeError(`the demo has years ${DEMO_YEARS.join(' and ')}, not ${y}`);
  const byYear: Partial<Record<DemoYear, YearPlan>> = {};
  for (const y of years) byYear[y] = yearPlan(y, scale, years.includes((y + 1) as DemoYear));
  return { agency: DEMO_AGENCY, scale, seed: options.seed ?? DEMO_SEED, catalogue: JIANGMEN_CATALOGUE, years, byYear };
}

export function yearOf(plan: DemoPlan, year: DemoYear): YearPlan {
  const y = plan.byYear[year];
  if (!y) throw new RangeError(`the plan does not include ${year} (it has ${plan.years.join(', ') || 'no years'})`);
  return y;
}

/** The deterministic id of the year's application number `index` (0-based, in filing order). */
export function applicationIdOf(year: number, index: number): string {
  return `jm-demo-${year}-${String(index + 1).padStart(6, '0')}`;
}

/** Where each denial falls in the year's filings: indexes, distinct, away from the carried-over last one. */
export function denialIndexes(plan: YearPlan): number[] {
  const taken = new Set<number>();
  const last = plan.received - 1;
  return plan.denials.map((d) => {
    let i = Math.min(Math.floor(d.position * plan.received), last - plan.carriedOver);
    while (taken.has(i) || (plan.carriedOver && i >= last)) i = (i + plan.received - 1) % plan.received;
    taken.add(i);
    return i;
  });
}

/**
 * Where each licence with a life (`licences.stories`) is granted in the year's filings: indexes,
 * distinct, none of them a denial's or the carried-over application.
 */
export function licenceStoryIndexes(plan: YearPlan): number[] {
  const open = plan.received - plan.carriedOver;
  const taken = new Set(denialIndexes(plan));
  return plan.licences.stories.map((story) => {
    let i = Math.min(Math.floor(story.position * plan.received), open - 1);
    while (taken.has(i)) i = (i + 1) % open;
    taken.add(i);
    return i;
  });
}

/** The contract's yearly figures (`GET /v1/figures/{year}` without `asOf`, `basedOn` and `previousYear`) as the plan determines them. */
export interface ExpectedYearlyFigures {
  readonly year: number;
  readonly agency: string;
  readonly items: ItemsFigures;
  readonly applications: ApplicationsFigures;
  /** Every decision's deadline is known in the plan, so `deadlineUnknown` is not part of it. */
  readonly decisions: Omit<DecisionsFigures, 'deadlineUnknown'>;
  readonly disclosure: DisclosureFigures;
  readonly supervision: SupervisionFigures;
  /** The formula is the projection's label, not something the plan determines. */
  readonly effect: Omit<EffectFigures, 'satisfactionFormula'>;
  readonly indicators: readonly IndicatorPlan[];
  /** The licences' life after the grant: the year's facts and the licences in force on 31 December. */
  readonly licences: LicenceFigures;
}

/** The figures the plan's events must add up to for `year`: what the test compares the projection with. */
export function expectedFigures(plan: DemoPlan, year: DemoYear): ExpectedYearlyFigures {
  const y = yearOf(plan, year);
  const items = plan.catalogue.map((item) => attributesAt(item, year));
  const count = (p: (a: DemoItemAttributes) => boolean) => items.filter(p).length;
  const byDepartment = Object.fromEntries(DEPARTMENTS.map((d) => [d, count((a) => a.department === d)]));
  const statutory = items.reduce((s, a) => s + a.statutoryDays, 0);
  const promised = items.reduce((s, a) => s + a.promisedDays, 0);

  const decided = y.received - y.carriedOver;
  const denied = y.denials.length;
  const granted = decided - denied;
  const disclosableGranted = grantsOf(y, (item) => attributesAt(item, year).disclosable, CARRIED_OVER_ITEM);
  const indexes = denialIndexes(y);
  const ratingCount = y.ratings[1] + y.ratings[2] + y.ratings[3] + y.ratings[4] + y.ratings[5];
  const inspections = y.inspections;
  const required = inspections.filter((i) => i.rectificationRequired).length;

  return {
    year,
    agency: plan.agency,
    items: {
      total: items.length,
      byDepartment,
      inStandardCatalogue: count((a) => a.inStandardCatalogue),
      inOnlineHall: count((a) => a.inOnlineHall),
      fullyOnline: count((a) => a.fullyOnline),
      fullyOnlineRate: rate(
        count((a) => a.fullyOnline),
        items.length,
      ),
      immediateRate: rate(
        count((a) => a.handlingType === 'immediate'),
        items.length,
      ),
      averageRequiredVisits: average(
        items.reduce((s, a) => s + a.requiredVisits, 0),
        items.length,
      ),
      timeLimitCompressionRate: rate(statutory - promised, statutory),
    },
    applications: {
      received: y.received,
      accepted: y.received,
      notAccepted: 0,
      withdrawn: 0,
      pendingAtYearEnd: y.carriedOver,
    },
    decisions: {
      total: decided,
      granted,
      denied,
      deniedReasons: y.denials.map((d, i) => ({ applicationId: applicationIdOf(year, indexes[i]), reason: d.reason })),
      onTime: decided,
      overdue: 0,
      onTimeRate: rate(decided, decided),
    },
    disclosure: { disclosed: y.disclosed, exempt: y.exempted, disclosureRate: rate(y.disclosed, disclosableGranted) },
    supervision: {
      externalSupervision: inspections.filter((i) => i.kind === 'external-supervision').length,
      enforcementInspections: inspections.filter((i) => i.kind === 'enforcement-inspection').length,
      caseFilesReviewed: inspections.reduce((s, i) => s + (i.filesReviewed ?? 0), 0),
      complaintsReceived: y.complaints.length,
      complaintsValid: 0,
      reconsiderations: y.appeals.filter((a) => a.kind === 'reconsideration').length,
      litigations: y.appeals.filter((a) => a.kind === 'litigation').length,
      rectificationsRequired: required,
      rectificationsCompleted: required + y.rectifications.length,
    },
    effect: {
      ratings: { 1: y.ratings[1], 2: y.ratings[2], 3: y.ratings[3], 4: y.ratings[4], 5: y.ratings[5] },
      satisfactionRate: rate(y.ratings[3] + y.ratings[4] + y.ratings[5], ratingCount),
      badRatingsRectified: y.ratings[1] + y.ratings[2],
      electronicCertificates: y.electronicCertificates,
      certificatesMailed: y.certificatesMailed,
    },
    indicators: y.indicators,
    licences: expectedLicenceFigures(
      (code) => plan.catalogue.find((item) => item.code === code)!.attributes[year].department,
      y.licences,
      plan.byYear[(year - 1) as DemoYear]?.licences,
    ),
  };
}

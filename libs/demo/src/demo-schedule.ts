/**
 * Turns the plan into the commands a clerk, an upstream system or a supervisor would have sent,
 * in business-time order: working days, office hours, Beijing time. Pure and deterministic (a
 * seeded PRNG and the working-day calendar); nothing here touches the ledger.
 *
 * Applications are laid out in two passes. The first fixes each application's item and filing
 * day and counts who is eligible for what (a supplement, a disclosure, a certificate, a rating);
 * the second walks the days and picks exactly the planned number from each eligible group
 * (`isPicked`), so every count in the plan holds at any scale.
 */
import { WorkingDayCalendar } from '@ledger/domain';
import { apportion, isPicked, seededRandom, seedFor } from './demo-math';
import { DAY_MS, HOUR, MIN, dateOfDay, dayNumberOf, instant, pad, workingDaysOf } from './demo-time';
import { DemoItem, DemoItemAttributes, Department } from './jiangmen-catalogue';
import {
  CARRIED_OVER_ITEM,
  CATALOGUE_AMENDED_FROM,
  CATALOGUE_REGISTERED_FROM,
  DemoPlan,
  DemoYear,
  YearPlan,
  applicationIdOf,
  denialIndexes,
  licenceStoryIndexes,
  yearOf,
} from './jiangmen-plan';
import { LICENCE_TERMS, licenceCommandCount } from './licence-plan';
import { licenceCommands } from './licence-schedule';

/** One command as `LedgerCommands.runPlain` takes it, with what the writer needs to order and key it. */
export interface DemoCommand {
  /** Business time, epoch ms: the writer's clock follows it. */
  readonly at: number;
  /** Commands of one lane (one stream) run in the order given. */
  readonly lane: string;
  /** A catalogue change: it waits for every command before it, and every later command waits for it. */
  readonly barrier?: boolean;
  readonly idempotencyKey: string;
  readonly correlationId: string;
  readonly actor: string;
  readonly body: { readonly command: string } & Record<string, unknown>;
}

const DEPT_CODE: Readonly<Record<Department, string>> = {
  治安: 'za',
  交警: 'jj',
  出入境: 'crj',
  禁毒: 'jd',
  科信: 'kx',
};

/** Filing volume by day: Mondays are busy; in 2020 the epidemic emptied February and slowed March. */
function dayWeight(year: number, day: number): number {
  const date = dateOfDay(day);
  const monday = new Date(day * DAY_MS).getUTCDay() === 1 ? 1.15 : 1;
  if (year === 2020 && date >= '2020-02-03' && date < '2020-03-01') return 0.35 * monday;
  if (year === 2020 && date.startsWith('2020-03')) return 0.8 * monday;
  return monday;
}

interface OrganisationApplicant {
  readonly kind: 'organisation';
  readonly name: string;
  readonly idNumber: string;
  readonly contactPerson: string;
}

const organisation = (n: number): OrganisationApplicant => ({
  kind: 'organisation',
  name: `示例企业${pad(n, 4)}有限公司`,
  idNumber: `DEMO-ORG-${pad(n, 4)}`,
  contactPerson: `示例联系人${pad(n, 4)}`,
});
const ORGANISATIONS = 400;

const VISIT_PURPOSE: Readonly<Record<string, string>> = {
  出入境: '现场采集指纹和人像',
  交警: '现场查验机动车或参加考试',
};
const SUSPENSION: Readonly<Record<string, { kind: 'testing' | 'expert-review'; reason: string }>> = {
  testing: { kind: 'testing', reason: '委托检验检测机构对申报物品及场所进行检验，期间不计入审批时限' },
  'expert-review': { kind: 'expert-review', reason: '组织专家对安全评估报告进行评审，期间不计入审批时限' },
};
const SUPPLEMENT_MATERIALS = [
  '营业执照副本复印件、法定代表人身份证明',
  '安全管理制度及从业人员名单',
  '近期免冠证件照片及户口簿复印件',
  '购销合同复印件及用途说明',
];
const RATING_RECTIFICATION = [
  '已电话回访申请人，说明办理流程，改进窗口引导服务',
  '已约谈窗口责任民警，优化叫号安排，缩短群众等候时间',
  '已核实情况并向申请人致歉，完善一次性告知清单',
];
const RATING_CHANNEL: Readonly<Record<string, string>> = {
  window: '窗口评价器',
  online: '广东政务服务网',
  app: '邑微警',
  terminal: '自助终端',
};

/** Year-specific facts fixed by the first pass. */
interface YearLayout {
  readonly plan: YearPlan;
  readonly year: DemoYear;
  readonly workingDays: number[];
  /** First application index filed on each working day (length = working days + 1). */
  readonly firstOfDay: Int32Array;
  readonly items: Int16Array;
  readonly denials: Map<number, number>;
  /** Applications whose licence leads a life: index → its story in `plan.licences.stories`. */
  readonly licenceStories: Map<number, number>;
  readonly eligible: {
    supplement: number;
    suspension: number;
    disclosure: number;
    exemption: number;
    electronic: number;
    mail: number;
    rating: number;
  };
  readonly picks: {
    supplement: number;
    suspension: number;
    disclosure: number;
    exemption: number;
    electronic: number;
    mail: number;
    rating: number;
  };
  readonly ratingLevels: Uint8Array;
}

/** Running ranks among the eligible, advanced in filing order during the second pass. */
interface Ranks {
  supplement: number;
  suspension: number;
  disclosure: number;
  electronic: number;
  mail: number;
  rating: number;
  rated: number;
}

export class DemoSchedule {
  private readonly layouts: YearLayout[];
  private readonly nextYearDays = new Map<number, number[]>();
  /** Commands the schedule yields, known before it runs (for a progress bar). */
  readonly commandCount: number;

  constructor(
    readonly plan: DemoPlan,
    private readonly calendar: WorkingDayCalendar,
  ) {
    this.layouts = plan.years.map((year) => this.layOut(year));
    this.commandCount = this.countCommands();
  }

  /** Every command, in business-time order (ties keep the order of the facts of one application). */
  *commands(): Generator<DemoCommand> {
    const buckets = new Map<number, { cmd: DemoCommand; seq: number }[]>();
    let seq = 0;
    let lastDay = 0;
    const push = (day: number, cmd: DemoCommand) => {
      let bucket = buckets.get(day);
      if (!bucket) buckets.set(day, (bucket = []));
      bucket.push({ cmd, seq: seq++ });
      if (day > lastDay) lastDay = day;
    };
    for (const [day, cmd] of this.catalogueCommands()) push(day, cmd);
    for (const layout of this.layouts) for (const [day, cmd] of this.yearFacts(layout)) push(day, cmd);

    const firstDay = Math.min(...buckets.keys());
    const cursors = this.layouts.map(() => 0);
    const ranks: Ranks[] = this.layouts.map(() => ({
      supplement: 0,
      suspension: 0,
      disclosure: 0,
      electronic: 0,
      mail: 0,
      rating: 0,
      rated: 0,
    }));
    const rngs = this.layouts.map((l) => seededRandom(seedFor(this.plan.seed, 'applications', l.year)));
    for (let day = firstDay; day <= lastDay; day++) {
      this.layouts.forEach((layout, y) => {
        const w = cursors[y];
        if (w >= layout.workingDays.length || layout.workingDays[w] !== day) return;
        cursors[y]++;
        const first = layout.firstOfDay[w];
        const count = layout.firstOfDay[w + 1] - first;
        for (let k = 0; k < count; k++) {
          // 08:30 to 17:00, in filing order.
          const filedAt = 8.5 * HOUR + ((k + rngs[y]()) / count) * 8.5 * HOUR;
          for (const [d, cmd] of this.applicationCommands(layout, first + k, w, filedAt, ranks[y], rngs[y]))
            push(d, cmd);
        }
      });
      const bucket = buckets.get(day);
      if (!bucket) continue;
      buckets.delete(day);
      bucket.sort((a, b) => a.cmd.at - b.cmd.at || a.seq - b.seq);
      for (const { cmd } of bucket) yield cmd;
    }
  }

  private layOut(year: DemoYear): YearLayout {
    const plan = yearOf(this.plan, year);
    const n = plan.received;
    const rng = seededRandom(seedFor(this.plan.seed, 'layout', year));
    const catalogue = this.plan.catalogue;

    // Items: each item's quota of applications, shuffled over the year.
    const items = new Int16Array(n);
    let at = 0;
    plan.itemQuotas.forEach((quota, i) => items.fill(i, at, (at += quota)));
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    // The special applications get their items by swapping, which keeps every quota.
    const fixed = new Set<number>();
    const place = (index: number, code: string) => {
      const item = catalogue.findIndex((c) => c.code === code);
      if (items[index] !== item) {
        let j = 0;
        while (items[j] !== item || fixed.has(j) || j === index) j++;
        items[j] = items[index];
        items[index] = item;
      }
      fixed.add(index);
    };
    const denials = new Map<number, number>();
    denialIndexes(plan).forEach((index, d) => {
      place(index, plan.denials[d].itemCode);
      denials.set(index, d);
    });
    if (plan.carriedOver) place(n - 1, CARRIED_OVER_ITEM);
    // Denials and the carried-over application are special; licences with a life are only placed.
    const special = new Set(fixed);
    const licenceStories = new Map<number, number>();
    licenceStoryIndexes(plan).forEach((index, s) => {
      place(index, plan.licences.stories[s].itemCode);
      licenceStories.set(index, s);
    });

    // Filing days: the carried-over application is the last one filed on the last working day.
    const workingDays = workingDaysOf(this.calendar, year);
    const perDay = apportion(
      n - plan.carriedOver,
      workingDays.map((d) => dayWeight(year, d)),
    );
    perDay[perDay.length - 1] += plan.carriedOver;
    const firstOfDay = new Int32Array(workingDays.length + 1);
    perDay.forEach((c, w) => (firstOfDay[w + 1] = firstOfDay[w] + c));

    // Who could get what; the second pass picks exactly the planned number of each.
    const eligible = { supplement: 0, suspension: 0, disclosure: 0, exemption: 0, electronic: 0, mail: 0, rating: 0 };
    const lateFrom = workingDays.length - 8;
    for (let w = 0; w < workingDays.length; w++) {
      for (let i = firstOfDay[w]; i < firstOfDay[w + 1]; i++) {
        const item = catalogue[items[i]];
        const a = item.attributes[year];
        const isSpecial = special.has(i);
        if (!isSpecial && a.handlingType === 'promised' && w < lateFrom) {
          if (a.promisedDays >= 3) eligible.suspension++;
          else eligible.supplement++;
        }
        if (isSpecial) continue;
        eligible.rating++;
        if (a.disclosable) eligible.disclosure++;
        if (item.disclosureExemption !== undefined) eligible.exemption++;
        if (item.certificate === 'electronic' && year >= 2020) eligible.electronic++;
        if (item.certificate === 'mailable') eligible.mail++;
      }
    }
    const picks = {
      supplement: Math.min(plan.supplements, eligible.supplement),
      suspension: Math.min(plan.suspensions, eligible.suspension),
      disclosure: plan.disclosed,
      exemption: plan.exempted,
      electronic: plan.electronicCertificates,
      mail: plan.certificatesMailed,
      rating: plan.ratings[1] + plan.ratings[2] + plan.ratings[3] + plan.ratings[4] + plan.ratings[5],
    };
    for (const key of ['disclosure', 'exemption', 'electronic', 'mail', 'rating'] as const) {
      if (picks[key] > eligible[key])
        throw new Error(
          `demo plan ${year}: ${picks[key]} ${key} planned but only ${eligible[key]} applications qualify`,
        );
    }
    const ratingLevels = new Uint8Array(picks.rating);
    let r = 0;
    for (const level of [5, 4, 3, 2, 1] as const) ratingLevels.fill(level, r, (r += plan.ratings[level]));
    for (let i = ratingLevels.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = ratingLevels[i];
      ratingLevels[i] = ratingLevels[j];
      ratingLevels[j] = t;
    }
    return { plan, year, workingDays, firstOfDay, items, denials, licenceStories, eligible, picks, ratingLevels };
  }

  private countCommands(): number {
    let count = this.catalogueCommands().length;
    for (const layout of this.layouts) {
      const { plan, year, picks } = layout;
      const visits = plan.itemQuotas.reduce(
        (s, q, i) => s + q * this.plan.catalogue[i].attributes[year].requiredVisits,
        0,
      );
      const bad = plan.ratings[1] + plan.ratings[2];
      count +=
        3 * plan.received +
        visits +
        2 * picks.supplement +
        2 * picks.suspension +
        picks.disclosure +
        picks.exemption +
        2 * picks.electronic +
        picks.mail +
        picks.rating +
        bad +
        licenceCommandCount(plan.licences);
      count += this.yearFacts(layout).length;
    }
    return count;
  }

  /** Registered as it stood in 2019; amended by the 2020 reform where the 2020 catalogue differs. */
  private catalogueCommands(): [number, DemoCommand][] {
    const out: [number, DemoCommand][] = [];
    const registered = Date.parse(CATALOGUE_REGISTERED_FROM);
    const amended = Date.parse(CATALOGUE_AMENDED_FROM);
    for (const item of this.plan.catalogue) {
      const key = `demo:catalogue:${item.code}:register`;
      out.push([
        dayNumberOf(CATALOGUE_REGISTERED_FROM.slice(0, 10)),
        {
          at: registered,
          lane: `item:${item.code}`,
          barrier: true,
          idempotencyKey: key,
          correlationId: 'demo:catalogue:2019',
          actor: 'catalogue-admin',
          body: {
            command: 'register-item',
            agency: this.plan.agency,
            code: item.code,
            ...item.attributes[2019],
            effectiveFrom: CATALOGUE_REGISTERED_FROM,
          },
        },
      ]);
    }
    if (!this.plan.years.includes(2020)) return out;
    for (const item of this.plan.catalogue) {
      const before = item.attributes[2019];
      const after = item.attributes[2020];
      const changes = Object.fromEntries(
        (Object.keys(after) as (keyof DemoItemAttributes)[])
          .filter((k) => after[k] !== before[k])
          .map((k) => [k, after[k]]),
      );
      if (Object.keys(changes).length === 0) continue;
      out.push([
        dayNumberOf(CATALOGUE_AMENDED_FROM.slice(0, 10)),
        {
          at: amended,
          lane: `item:${item.code}`,
          barrier: true,
          idempotencyKey: `demo:catalogue:${item.code}:amend-2020`,
          correlationId: 'demo:catalogue:2020',
          actor: 'catalogue-admin',
          body: {
            command: 'amend-item',
            agency: this.plan.agency,
            code: item.code,
            ...changes,
            effectiveFrom: CATALOGUE_AMENDED_FROM,
          },
        },
      ]);
    }
    return out;
  }

  /** Working days of the year after `year`, for what happens in January (late decisions, indicator reports). */
  private daysOfNextYear(year: number): number[] {
    let days = this.nextYearDays.get(year);
    if (!days) this.nextYearDays.set(year, (days = workingDaysOf(this.calendar, year + 1)));
    return days;
  }

  /** Inspections, rectifications, complaints, appeals and indicators of one year. */
  private yearFacts(layout: YearLayout): [number, DemoCommand][] {
    const { plan, year, workingDays: wd, firstOfDay } = layout;
    const agency = this.plan.agency;
    const W = wd.length;
    const out: [number, DemoCommand][] = [];
    const fact = (
      w: number,
      seconds: number,
      lane: string,
      key: string,
      actor: string,
      body: DemoCommand['body'],
      days = wd,
    ) => {
      const t = instant(days[w], seconds);
      out.push([
        days[w],
        { at: t.ms, lane, idempotencyKey: key, correlationId: key, actor, body: { ...body, agency } },
      ]);
    };
    const counters = { 'external-supervision': 0, 'enforcement-inspection': 0, 'case-file-review': 0 };
    const totals = { 'external-supervision': 0, 'enforcement-inspection': 0, 'case-file-review': 0 };
    for (const i of plan.inspections) totals[i.kind]++;
    let rectifications = 0;
    for (const inspection of plan.inspections) {
      const k = counters[inspection.kind]++;
      const n = totals[inspection.kind];
      const tag = { 'external-supervision': 'ext', 'enforcement-inspection': 'enf', 'case-file-review': 'cfr' }[
        inspection.kind
      ];
      const inspectionId = `jm-demo-${year}-${tag}-${pad(k + 1, 3)}`;
      // External checks spread over the year; enforcement inspections about monthly; reviews about quarterly.
      const w =
        inspection.kind === 'case-file-review'
          ? Math.floor(((k + 1) * W) / (n + 1))
          : Math.min(W - 1, Math.floor(((k + (inspection.kind === 'external-supervision' ? 0.5 : 0.7)) * W) / n));
      const seconds = inspection.kind === 'external-supervision' ? 9.5 * HOUR + (k % 6) * 45 * MIN : 15 * HOUR;
      let applicationIds: string[] | undefined;
      if (inspection.kind === 'case-file-review') {
        // Files of applications filed at least 15 working days earlier, long since decided.
        const pool = firstOfDay[Math.max(0, w - 15)];
        const files = Math.min(inspection.filesReviewed ?? 0, pool);
        applicationIds = Array.from({ length: files }, (_, f) =>
          applicationIdOf(year, Math.floor(((f + 0.5) * pool) / files)),
        );
      }
      const key = `demo:${year}:inspection:${inspectionId}`;
      fact(
        w,
        seconds,
        `inspection:${inspectionId}`,
        key,
        inspection.kind === 'external-supervision' ? `${inspection.department}支队` : '法制支队',
        {
          command: 'perform-inspection',
          inspectionId,
          kind: inspection.kind,
          at: instant(wd[w], seconds).iso,
          department: inspection.department,
          ...(inspection.itemCode ? { itemCode: inspection.itemCode } : {}),
          ...(applicationIds ? { applicationIds } : {}),
          ...(inspection.filesReviewed !== undefined ? { filesReviewed: inspection.filesReviewed } : {}),
          findings: inspection.findings,
          rectificationRequired: inspection.rectificationRequired,
        },
      );
      if (inspection.rectification) {
        const rectificationId = `jm-demo-${year}-rect-${pad(++rectifications, 2)}`;
        const rw = Math.min(W - 1, w + 10);
        const rkey = `demo:${year}:rectification:${rectificationId}`;
        fact(rw, 10 * HOUR, `rectification:${rectificationId}`, rkey, '法制支队', {
          command: 'record-rectification',
          rectificationId,
          problem: inspection.rectification.problem,
          measures: inspection.rectification.measures,
          status: 'completed',
          year,
          inspectionId,
          at: instant(wd[rw], 10 * HOUR).iso,
        });
      }
    }
    // Last year's problems: taken in hand in spring, completed by December.
    plan.rectifications.forEach((r, i) => {
      const rectificationId = `jm-demo-${year}-rect-${pad(++rectifications, 2)}`;
      const lane = `rectification:${rectificationId}`;
      const start = Math.min(W - 1, 40 + i * 5);
      const done = Math.max(start, W - 10 + i);
      fact(start, 10 * HOUR, lane, `demo:${year}:rectification:${rectificationId}`, '法制支队', {
        command: 'record-rectification',
        rectificationId,
        problem: r.problem,
        measures: r.measures,
        status: 'in-progress',
        year: r.year,
        at: instant(wd[start], 10 * HOUR).iso,
      });
      fact(done, 10 * HOUR, lane, `demo:${year}:rectification:${rectificationId}:completed`, '法制支队', {
        command: 'update-rectification',
        rectificationId,
        status: r.status,
        at: instant(wd[done], 10 * HOUR).iso,
      });
    });
    plan.complaints.forEach((c, i) => {
      const complaintId = `jm-demo-${year}-complaint-${pad(i + 1, 3)}`;
      const w = Math.floor(((i + 1) * W) / (plan.complaints.length + 1));
      const rw = Math.min(W - 1, w + 5);
      const lane = `complaint:${complaintId}`;
      const department = this.plan.catalogue.find((item) => item.code === c.itemCode)!.attributes[year].department;
      fact(w, 11 * HOUR, lane, `demo:${year}:complaint:${complaintId}`, '纪检监察室', {
        command: 'log-complaint',
        complaintId,
        at: instant(wd[w], 11 * HOUR).iso,
        channel: c.channel,
        subject: c.subject,
        itemCode: c.itemCode,
        department,
        complainant: {
          kind: 'person',
          name: `示例投诉人${pad(i + 1, 4)}`,
          idNumber: `DEMO-C-${year}-${pad(i + 1, 4)}`,
        },
      });
      fact(rw, 16 * HOUR, lane, `demo:${year}:complaint:${complaintId}:resolve`, '纪检监察室', {
        command: 'resolve-complaint',
        complaintId,
        at: instant(wd[rw], 16 * HOUR).iso,
        valid: false,
        outcome: c.outcome,
      });
    });
    const denialAt = denialIndexes(plan);
    plan.appeals.forEach((a, i) => {
      const appealId = `jm-demo-${year}-appeal-${pad(i + 1, 3)}`;
      const index = denialAt[a.denial];
      let filedDay = 0;
      while (firstOfDay[filedDay + 1] <= index) filedDay++;
      const w = Math.min(W - 2, filedDay + 25);
      const cw = Math.min(W - 1, w + 40);
      const denial = plan.denials[a.denial];
      const department = this.plan.catalogue.find((item) => item.code === denial.itemCode)!.attributes[year].department;
      const lane = `appeal:${appealId}`;
      fact(w, 10 * HOUR, lane, `demo:${year}:appeal:${appealId}`, '法制支队', {
        command: 'file-appeal',
        appealId,
        kind: a.kind,
        at: instant(wd[w], 10 * HOUR).iso,
        applicationId: applicationIdOf(year, index),
        itemCode: denial.itemCode,
        department,
        appellant: organisation(1 + (index % ORGANISATIONS)),
      });
      fact(cw, 15 * HOUR, lane, `demo:${year}:appeal:${appealId}:conclude`, '法制支队', {
        command: 'conclude-appeal',
        appealId,
        at: instant(wd[cw], 15 * HOUR).iso,
        outcome: a.outcome,
      });
    });
    // Other systems report their year in the first full week of January.
    const next = this.daysOfNextYear(year);
    const reportDay = next.findIndex((d) => dateOfDay(d) >= `${year + 1}-01-08`);
    plan.indicators.forEach((indicator, i) => {
      const seconds = 10 * HOUR + i * MIN;
      fact(
        reportDay,
        seconds,
        `indicators:${year}`,
        `demo:${year}:indicator:${indicator.name}`,
        'indicator-feed',
        {
          command: 'report-indicator',
          name: indicator.name,
          year,
          value: indicator.value,
          unit: indicator.unit,
          source: indicator.source,
          at: instant(next[reportDay], seconds).iso,
        },
        next,
      );
    });
    return out;
  }

  /** Every fact of one application, each with the local day it happens on. */
  private applicationCommands(
    layout: YearLayout,
    index: number,
    w: number,
    filedAt: number,
    ranks: Ranks,
    rng: () => number,
  ): [number, DemoCommand][] {
    const { year, workingDays: wd, picks, eligible } = layout;
    const item: DemoItem = this.plan.catalogue[layout.items[index]];
    const a = item.attributes[year];
    const agency = this.plan.agency;
    const applicationId = applicationIdOf(year, index);
    const serial = `${pad(index + 1, 6)}`;
    const correlationId = `demo:${year}:app:${serial}`;
    const dept = DEPT_CODE[a.department];
    const out: [number, DemoCommand][] = [];
    const emit = (
      day: number,
      seconds: number,
      step: string,
      actor: string,
      command: string,
      fields: Record<string, unknown>,
      timeField = 'at',
    ) => {
      const t = instant(day, seconds);
      out.push([
        day,
        {
          at: t.ms,
          lane: applicationId,
          idempotencyKey: `${correlationId}:${step}`,
          correlationId,
          actor,
          body: { command, agency, applicationId, [timeField]: t.iso, ...fields },
        },
      ]);
    };
    const last = wd.length - 1;
    const special = layout.denials.has(index) || (layout.plan.carriedOver > 0 && index === layout.plan.received - 1);
    const carried = !layout.denials.has(index) && special;

    // Filing.
    const channel = a.requiredVisits > 0 ? 'window' : pickChannel(a.fullyOnline, rng());
    const clerk = `${channel === 'window' ? 'window' : channel === 'terminal' ? 'terminal' : 'clerk'}-${dept}-${pad(1 + Math.floor(rng() * 12), 2)}`;
    const filer = channel === 'online' ? 'gdzwfw-online-hall' : channel === 'app' ? 'yiweijing-app' : clerk;
    const applicant =
      item.applicant === 'organisation'
        ? organisation(1 + ((index * 7919) % ORGANISATIONS))
        : { kind: 'person', name: `示例申请人${year % 100}${serial}`, idNumber: `DEMO-${year % 100}${serial}` };
    const day = wd[w];
    emit(day, filedAt, 'file', filer, 'file-application', { itemCode: item.code, channel, applicant }, 'filedAt');
    let visitAt = filedAt;
    if (a.requiredVisits > 0)
      emit(day, (visitAt += MIN), 'visit-1', clerk, 'record-visit', {
        purpose: VISIT_PURPOSE[a.department] ?? '现场核查',
      });

    // Acceptance, after one supplement notice for some.
    let acceptW = w;
    let acceptAt: number;
    const promisedItem = a.handlingType === 'promised';
    const early = w < wd.length - 8;
    const canSuspend = !special && promisedItem && early && a.promisedDays >= 3;
    const canSupplement = !special && promisedItem && early && a.promisedDays < 3;
    const supplemented = canSupplement && isPicked(ranks.supplement++, picks.supplement, eligible.supplement);
    const suspended = canSuspend && isPicked(ranks.suspension++, picks.suspension, eligible.suspension);
    if (supplemented) {
      const requested = visitAt + (10 + Math.floor(rng() * 15)) * MIN;
      emit(day, requested, 'supplement-request', clerk, 'request-supplement', {
        materials: SUPPLEMENT_MATERIALS[index % SUPPLEMENT_MATERIALS.length],
      });
      acceptW = w + 1 + Math.floor(rng() * 3);
      const supplied = 9 * HOUR + rng() * 7 * HOUR;
      emit(wd[acceptW], supplied, 'supplement', filer, 'provide-supplement', { note: '已按一次性告知补齐材料' });
      acceptAt = supplied + (5 + Math.floor(rng() * 15)) * MIN;
    } else {
      acceptAt = visitAt + (2 + Math.floor(rng() * 23)) * MIN;
    }
    const approver = `approver-${dept}-${pad(1 + Math.floor(rng() * 6), 2)}`;
    emit(wd[acceptW], acceptAt, 'accept', clerk, 'decide-acceptance', { accepted: true });

    // Suspension for testing or expert review, then the decision within the promised days.
    let decideDay: number;
    let decideAt: number;
    if (carried) {
      const next = this.daysOfNextYear(year);
      decideDay = next[0];
      decideAt = 10 * HOUR + Math.floor(rng() * 60) * MIN;
    } else if (suspended) {
      const how =
        SUSPENSION[['ZA-010', 'ZA-014', 'ZA-022', 'ZA-018'].includes(item.code) ? 'expert-review' : 'testing'];
      emit(wd[acceptW + 1], 10 * HOUR + rng() * HOUR, 'suspend', approver, 'suspend-time-limit', {
        kind: how.kind,
        reason: how.reason,
      });
      emit(wd[acceptW + 2], 14.5 * HOUR + rng() * 2 * HOUR, 'resume', approver, 'resume-time-limit', {});
      const k = 3 + Math.floor(rng() * (a.promisedDays - 2));
      decideDay = wd[Math.min(last, acceptW + k)];
      decideAt = 9 * HOUR + rng() * 8.5 * HOUR;
    } else if (!promisedItem) {
      decideDay = wd[acceptW];
      decideAt = acceptAt + (3 + Math.floor(rng() * 27)) * MIN;
    } else {
      const dw = Math.min(last, acceptW + 1 + Math.floor(rng() * a.promisedDays));
      decideDay = wd[dw];
      decideAt = dw === acceptW ? acceptAt + (10 + Math.floor(rng() * 30)) * MIN : 9 * HOUR + rng() * 8.5 * HOUR;
    }
    const denial = layout.denials.get(index);
    if (denial !== undefined) {
      const d = layout.plan.denials[denial];
      emit(decideDay, decideAt, 'decide', approver, 'make-decision', {
        outcome: 'denied',
        reason: d.reason,
        legalBasis: d.legalBasis,
        // 第三十八条第二款: the decision letter tells the applicant of the right to appeal.
        appealRightsNotified: true,
      });
    } else {
      emit(decideDay, decideAt, 'decide', approver, 'make-decision', { outcome: 'granted' });
    }
    // Items needing more than one visit: the applicant comes back for the documents.
    for (let v = 2; v <= a.requiredVisits; v++)
      emit(decideDay, decideAt + (v - 1) * 30 * MIN, `visit-${v}`, clerk, 'record-visit', { purpose: '现场领取证件' });
    if (special) return out;

    // After a grant: publication, certificates, the rating and its follow-up.
    const decideW = wd.indexOf(decideDay, acceptW);
    const nextW = decideW < last ? decideW + 1 : -1;
    const term = LICENCE_TERMS.get(item.code);
    if (term !== undefined) {
      const story = layout.licenceStories.get(index);
      out.push(
        ...licenceCommands(
          {
            agency,
            year,
            applicationId,
            correlationId,
            serial,
            term,
            holder: applicant,
            officer: approver,
            workingDays: wd,
            grantW: decideW,
            grantSeconds: decideAt + 10 * MIN,
            ...(this.plan.years.includes((year + 1) as DemoYear) ? { nextYearDays: this.daysOfNextYear(year) } : {}),
            ...(story !== undefined ? { story: layout.plan.licences.stories[story].kind } : {}),
          },
          rng,
        ),
      );
    }
    if (a.disclosable && isPicked(ranks.disclosure++, picks.disclosure, eligible.disclosure)) {
      if (nextW >= 0)
        emit(wd[nextW], 9.5 * HOUR + rng() * 2 * HOUR, 'disclose', 'credit-publisher', 'disclose-decision', {
          channel: '信用江门网',
        });
      else
        emit(decideDay, decideAt + HOUR, 'disclose', 'credit-publisher', 'disclose-decision', {
          channel: '信用江门网',
        });
    }
    // 出入境: recorded as exempt from disclosure by law, on the day after the decision like a publication.
    if (item.disclosureExemption !== undefined) {
      const exemption = { exempt: true, legalBasis: item.disclosureExemption };
      if (nextW >= 0)
        emit(wd[nextW], 9.5 * HOUR + rng() * 2 * HOUR, 'exempt', approver, 'disclose-decision', exemption);
      else emit(decideDay, decideAt + HOUR, 'exempt', approver, 'disclose-decision', exemption);
    }
    if (
      item.certificate === 'electronic' &&
      year >= 2020 &&
      isPicked(ranks.electronic++, picks.electronic, eligible.electronic)
    ) {
      const paperAt = decideAt + (20 + Math.floor(rng() * 40)) * MIN;
      emit(decideDay, paperAt, 'certificate-paper', clerk, 'issue-certificate', { form: 'paper', delivery: 'collect' });
      emit(decideDay, paperAt + MIN, 'certificate-electronic', clerk, 'issue-certificate', {
        form: 'electronic',
        delivery: 'collect',
      });
    }
    if (item.certificate === 'mailable' && isPicked(ranks.mail++, picks.mail, eligible.mail)) {
      emit(decideDay, decideAt + (30 + Math.floor(rng() * 90)) * MIN, 'certificate-mail', clerk, 'issue-certificate', {
        form: 'paper',
        delivery: 'mail',
      });
    }
    if (isPicked(ranks.rating++, picks.rating, eligible.rating)) {
      const level = layout.ratingLevels[ranks.rated++];
      const weekLater = decideDay + 7;
      // An unrated case counts as 基本满意 after 7 days (Guangdong), unless that is next year.
      if (level === 3 && rng() < 0.5 && dateOfDay(weekLater) <= `${year}-12-31`) {
        emit(weekLater, decideAt, 'rating', 'haochaping-system', 'receive-rating', { level, defaulted: true });
      } else {
        const ratedAt = decideAt + (5 + Math.floor(rng() * 40)) * MIN;
        emit(decideDay, ratedAt, 'rating', 'haochaping-system', 'receive-rating', {
          level,
          channel: RATING_CHANNEL[channel],
        });
        if (level <= 2) {
          const measures = RATING_RECTIFICATION[index % RATING_RECTIFICATION.length];
          if (nextW >= 0)
            emit(wd[nextW], 10 * HOUR + rng() * 6 * HOUR, 'rating-rectified', approver, 'rectify-bad-rating', {
              measures,
            });
          else emit(decideDay, ratedAt + HOUR, 'rating-rectified', approver, 'rectify-bad-rating', { measures });
        }
      }
    }
    return out;
  }
}

function pickChannel(fullyOnline: boolean, u: number): 'online' | 'app' | 'terminal' | 'window' {
  if (!fullyOnline) return u < 0.9 ? 'window' : 'terminal';
  return u < 0.5 ? 'online' : u < 0.8 ? 'app' : u < 0.92 ? 'terminal' : 'window';
}

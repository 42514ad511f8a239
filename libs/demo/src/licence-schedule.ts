/**
 * The commands of one licence: its grant, right after the granting decision, then the life the
 * plan gave it (`licence-plan.ts`), on working days in office hours. Every command runs in the
 * lane of the licence's application, so the grant follows the decision it rests on. Each
 * story's dates are checked against the year the plan counts it in: a date that would slip
 * into another year is a mistake in the plan's windows and stops the schedule.
 */
import type { DemoCommand } from './demo-schedule';
import { HOUR, MIN, dateOfDay, dayNumberOf, instant } from './demo-time';
import { LICENCE_STORIES, LicenceStoryKind, LicenceTerm } from './licence-plan';

export interface LicenceLife {
  readonly agency: string;
  readonly year: number;
  readonly applicationId: string;
  readonly correlationId: string;
  readonly serial: string;
  readonly term: LicenceTerm;
  /** The applicant, who holds the licence: personal data, synthetic like every demo applicant. */
  readonly holder: { readonly kind: string; readonly name: string; readonly idNumber: string };
  readonly officer: string;
  /** The working days of the grant's year, and the index of the grant's day among them. */
  readonly workingDays: readonly number[];
  readonly grantW: number;
  readonly grantSeconds: number;
  /** The next year's working days, when the plan writes that year. */
  readonly nextYearDays?: readonly number[];
  readonly story?: LicenceStoryKind;
}

/** The licence of an application: one per granted application of a licensed item. */
export const licenceIdOf = (applicationId: string): string => `${applicationId}-lic`;

/** A date one year on, the day before: the last day of a licence valid twelve months from `date`. */
function lastDayOfYearFrom(date: string): string {
  const d = new Date(Date.UTC(+date.slice(0, 4) + 1, +date.slice(5, 7) - 1, +date.slice(8, 10)));
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
/** The same date a year later (a renewal's new last day). */
const yearLater = (date: string): string => `${+date.slice(0, 4) + 1}${date.slice(4)}`.replace(/-02-29$/, '-02-28');

const CHANGES = {
  organisation: ['变更法定代表人', '变更单位名称（营业执照已变更）', '变更经营场所负责人'],
  person: ['变更户籍住址', '变更证件照片'],
};

export function licenceCommands(life: LicenceLife, rng: () => number): [number, DemoCommand][] {
  const { agency, year, applicationId, correlationId, workingDays: wd, grantW, story } = life;
  const licenceId = licenceIdOf(applicationId);
  const out: [number, DemoCommand][] = [];
  const emit = (
    days: readonly number[],
    w: number,
    seconds: number,
    step: string,
    command: string,
    fields: Record<string, unknown>,
  ) => {
    const day = days[w];
    const t = instant(day, seconds);
    out.push([
      day,
      {
        at: t.ms,
        lane: applicationId,
        idempotencyKey: `${correlationId}:licence:${step}`,
        correlationId,
        actor: life.officer,
        body: { command, agency, licenceId, at: t.iso, ...fields },
      },
    ]);
  };
  /** A working day of the grant's year, `from` the grant plus `span` more at random; never past 31 December. */
  const later = (from: number, span: number): number => {
    const w = from + Math.floor(rng() * span);
    if (w >= wd.length)
      throw new Error(`demo licence ${licenceId} (${story}): a fact of ${year} would fall after 31 December`);
    return w;
  };
  const office = () => 9 * HOUR + rng() * 7.5 * HOUR;

  const validFrom = dateOfDay(wd[grantW]);
  const validUntil = life.term === 'one-year' ? lastDayOfYearFrom(validFrom) : undefined;
  emit(wd, grantW, life.grantSeconds, 'grant', 'grant-licence', {
    applicationId,
    licenceNumber: `粤江公（示例）${year}第${life.serial}号`,
    holder: life.holder,
    validFrom,
    ...(validUntil ? { validUntil } : {}),
  });

  const rule = story ? LICENCE_STORIES[story] : undefined;
  const organisation = life.holder.kind === 'organisation';
  switch (story) {
    case undefined:
      break;
    case 'inspected':
      emit(wd, later(grantW + 20, 40), office(), 'inspect-1', 'inspect-licensee', {
        inspectionId: `${licenceId}-check-1`,
        findings: '双随机抽查：许可条件持续符合，治安管理制度落实，未发现问题',
        rectificationRequired: false,
        method: '双随机抽查',
      });
      break;
    case 'change-approved':
    case 'change-refused': {
      const applied = later(grantW + 15, 30);
      const changes = organisation ? CHANGES.organisation : CHANGES.person;
      emit(wd, applied, office(), 'change-apply', 'apply-for-licence-change', {
        requestedChange: changes[Math.floor(rng() * changes.length)],
      });
      emit(
        wd,
        later(applied + 1, 3),
        office(),
        'change-decide',
        'decide-licence-change',
        story === 'change-approved'
          ? { outcome: 'approved' }
          : { outcome: 'refused', reason: '申请变更的事项不符合法定条件，变更后的场所未通过治安检查' },
      );
      break;
    }
    case 'use-suspended': {
      const suspended = later(grantW + 20, 30);
      emit(wd, suspended, office(), 'suspend-use', 'suspend-licence-use', {
        reason: '检查发现治安隐患，暂扣许可证件并责令限期整改',
        legalBasis: '《中华人民共和国行政处罚法》第八条',
      });
      emit(wd, later(suspended + 10, 10), office(), 'resume-use', 'resume-licence-use', {
        note: '经复查整改到位，发还许可证件',
      });
      break;
    }
    case 'withdrawn': {
      const withdrawn = later(grantW + 30, 30);
      emit(wd, withdrawn, office(), 'withdraw', 'withdraw-licence', {
        reason: '经营场所所在区域纳入城市更新改造范围，准予许可所依据的客观情况发生重大变化',
        legalBasis: '《中华人民共和国行政许可法》第八条第二款',
        compensation: '依法对被许可人因此遭受的财产损失给予补偿',
        compensationYuan: 20_000 + 1_000 * Math.floor(rng() * 60),
      });
      emit(wd, later(withdrawn + 1, 4), office(), 'cancel', 'cancel-licence', { cause: 'withdrawn' });
      break;
    }
    case 'revoked': {
      const revoked = later(grantW + 30, 30);
      emit(wd, revoked, office(), 'revoke', 'revoke-licence', {
        reason: '被许可人以提交虚假材料的不正当手段取得行政许可',
        legalBasis: '《中华人民共和国行政许可法》第六十九条第二款',
      });
      emit(wd, later(revoked + 1, 4), office(), 'cancel', 'cancel-licence', { cause: 'revoked' });
      break;
    }
    case 'holder-terminated':
    case 'holder-died': {
      const learnt = later(grantW + 30, 30);
      const cause = {
        cause: story,
        note: story === 'holder-terminated' ? '被许可单位已办理注销登记（示例数据）' : '持证人死亡（示例数据）',
      };
      emit(wd, learnt, office(), 'cancellation-cause', 'record-cancellation-cause', cause);
      emit(wd, later(learnt + 2, 5), office(), 'cancel', 'cancel-licence', cause);
      break;
    }
    case 'renewed':
    case 'deemed-renewed':
    case 'renewal-refused':
      renewalStory(story);
      break;
    default: {
      const never: never = story;
      throw new Error(`no schedule for licence story ${String(never)}`);
    }
  }
  if (life.term === 'one-year' && life.nextYearDays && !rule?.ends && !rule?.nextYear) lapse();
  return out;

  /** The next year's working-day index of the first working day after the licence's last day. */
  function afterExpiry(days: readonly number[], until: string): number {
    const expiry = dayNumberOf(until);
    const w = days.findIndex((d) => d > expiry);
    if (w < 0) throw new Error(`demo licence ${licenceId}: it expires on ${until}, after the plan's last year`);
    return w;
  }

  /** 第七十条(一): a lapsed licence cancelled within a few working days of its expiry, in the next year. */
  function lapse(): void {
    const nd = life.nextYearDays!;
    const w = Math.min(nd.length - 1, afterExpiry(nd, validUntil!) + Math.floor(rng() * 4));
    emit(nd, w, office(), 'cancel-expired', 'cancel-licence', { cause: 'expired' });
  }

  /** 第五十条: applied for 35 to 55 days before expiry; decided within three weeks, or deemed renewed the day after expiry. */
  function renewalStory(kind: 'renewed' | 'deemed-renewed' | 'renewal-refused'): void {
    const nd = life.nextYearDays;
    if (!nd || !validUntil)
      throw new Error(`demo licence ${licenceId}: a renewal story needs a term and the next year`);
    const expiry = dayNumberOf(validUntil);
    const latest = expiry - 35 - Math.floor(rng() * 20);
    let applied = -1;
    for (let w = 0; w < nd.length && nd[w] <= latest; w++) applied = w;
    if (applied < 0)
      throw new Error(`demo licence ${licenceId}: expiring on ${validUntil}, it cannot be renewed within ${year + 1}`);
    emit(nd, applied, office(), 'renewal-apply', 'apply-for-renewal', {});
    const renewedUntil = yearLater(validUntil);
    if (kind === 'deemed-renewed') {
      emit(nd, afterExpiry(nd, validUntil), 9.5 * HOUR, 'renewal-deemed', 'record-deemed-renewal', {
        validUntil: renewedUntil,
      });
      return;
    }
    const decided = applied + 5 + Math.floor(rng() * 10);
    if (decided >= nd.length || nd[decided] > expiry)
      throw new Error(`demo licence ${licenceId}: its renewal would be decided after it expired on ${validUntil}`);
    emit(
      nd,
      decided,
      office(),
      'renewal-decide',
      'decide-renewal',
      kind === 'renewed'
        ? { outcome: 'renewed', validUntil: renewedUntil }
        : { outcome: 'refused', reason: '经审查，申请人已不具备准予延续的法定条件' },
    );
    if (kind === 'renewal-refused')
      emit(nd, afterExpiry(nd, validUntil), 10 * HOUR + 30 * MIN, 'cancel-expired', 'cancel-licence', {
        cause: 'expired',
      });
  }
}

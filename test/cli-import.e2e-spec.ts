import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGENCY,
  ImportPlan,
  Lifecycle,
  applicationStream,
  at2021,
  itemStream,
  planApplication,
  registerItem,
} from './fixtures/import-plan';
import {
  CliRun,
  StoreSnapshot,
  integrityProblems,
  lineOf,
  readStoreFile,
  runCli,
  useTemporaryDirectory,
} from './fixtures/ledger-cli';

/**
 * `ledger import` on a file of a few hundred lines (catalogue, application lifecycles,
 * supervision facts, and bad lines of every kind), then `ledger stream`, then the same import
 * again. The store is checked by opening the SQLite file read-only once the process has exited.
 */

const SUMMARY =
  /^import (.+): (\d+) lines, (\d+) recorded, (\d+) already recorded, (\d+) rejected \(correlation (\S+)\)$/m;

function summaryOf(run: CliRun) {
  const match = SUMMARY.exec(run.stdout);
  if (!match) throw new Error(`no summary in the output:\n${run.stdout}\n${run.stderr}`);
  return {
    lines: +match[2],
    recorded: +match[3],
    alreadyRecorded: +match[4],
    rejected: +match[5],
    correlationId: match[6],
  };
}

/** The file: lines whose order matters (barriers, per-stream order, cross-stream references) and bad lines between good ones. */
function buildPlan(): ImportPlan {
  const plan = new ImportPlan();
  plan.ignored('# catalogue');
  for (const code of ['ZA-01', 'ZA-02', 'JJ-01', 'JD-01'])
    plan.event(
      registerItem(code, { department: code.startsWith('ZA') ? '治安' : code.startsWith('JJ') ? '交警' : '禁毒' }),
      itemStream(code),
      'ItemRegistered.v1',
    );
  plan.event(
    registerItem('CRJ-01', { department: '出入境', disclosable: false }),
    itemStream('CRJ-01'),
    'ItemRegistered.v1',
  );
  plan.event(registerItem('OLD-01'), itemStream('OLD-01'), 'ItemRegistered.v1');
  plan.ignored('');

  const lifecycles: Lifecycle[] = [
    'granted',
    'denied',
    'supplement',
    'not-accepted',
    'withdrawn',
    'granted',
    'supplement',
  ];
  const items = ['ZA-01', 'ZA-02', 'JJ-01', 'JD-01'];
  for (let i = 0; i < 56; i++) {
    planApplication(plan, `imp-${i}`, items[i % items.length], lifecycles[i % lifecycles.length], 10 + ((i * 5) % 300));
    if (i === 20) {
      // Bad lines between good ones never stop or disturb the rest.
      plan.rejected('{"command":"file-application", "applicationId": "broken-', 400, 'not valid JSON');
      plan.rejected({ command: 'grant-everything', applicationId: 'imp-1' }, 400, 'command');
      plan.rejected(
        {
          command: 'file-application',
          applicationId: 'imp-missing',
          channel: 'online',
          filedAt: at2021(40),
          applicant: { name: '某人' },
        },
        400,
        'itemCode',
      );
      plan.rejected({ command: 'decide-acceptance', accepted: true, at: at2021(40) }, 400, 'applicationId');
      plan.rejected(
        { command: 'decide-acceptance', applicationId: 'never-filed', accepted: true, at: at2021(40) },
        404,
        'APPLICATION.NOT_FOUND',
      );
      plan.rejected(
        { command: 'make-decision', applicationId: 'imp-0', outcome: 'granted', at: at2021(200) },
        409,
        'APPLICATION.ALREADY_DECIDED',
      );
      plan.rejected(
        { command: 'decide-acceptance', applicationId: 'imp-5', accepted: true, at: at2021(40), hacked: true },
        400,
        'hacked',
      );
      plan.rejected(
        {
          command: 'file-application',
          applicationId: 'imp-bad-date',
          itemCode: 'ZA-01',
          channel: 'online',
          filedAt: '2021-02-30T09:00:00+08:00',
          applicant: { name: '某人' },
        },
        400,
        'filedAt',
      );
      plan.rejected('42', 400, 'command');
      // Text the ledger cannot canonicalise or print safely, and instants that are not real, are refused like any bad field.
      plan.rejected(
        { command: 'decide-acceptance', applicationId: 'imp-7', accepted: true, at: at2021(40), actor: 'clerk-\ud800' },
        400,
        'actor',
      );
      plan.rejected(
        {
          command: 'file-application',
          applicationId: 'imp-esc',
          itemCode: 'ZA-01',
          channel: 'online',
          filedAt: at2021(40),
          applicant: { name: '\u001b[2J某人' },
        },
        400,
        'applicant.name',
      );
      plan.rejected(
        {
          command: 'file-application',
          applicationId: 'imp-offset',
          itemCode: 'ZA-01',
          channel: 'online',
          filedAt: '2021-03-03T10:00:00+25:00',
          applicant: { name: '某人' },
        },
        400,
        'filedAt',
      );
      plan.rejected(
        '{"command":"decide-acceptance","applicationId":"imp-9","accepted":true,"at":"2021-02-10T10:00:00+08:00","__proto__":{"x":1}}',
        400,
        '__proto__',
      );
      plan.rejected(
        {
          command: 'decide-acceptance',
          applicationId: 'imp-11',
          accepted: true,
          at: at2021(40),
          idempotencyKey: 'k'.repeat(8000),
        },
        400,
        'Idempotency-Key',
      );
      plan.ignored('   ');
    }
  }

  plan.ignored('# illegal transitions: decided and disclosed before it is accepted');
  plan.event(
    {
      command: 'file-application',
      applicationId: 'early',
      itemCode: 'ZA-01',
      channel: 'window',
      filedAt: at2021(100),
      applicant: { name: '早决' },
    },
    applicationStream('early'),
    'ApplicationFiled.v1',
  );
  plan.rejected(
    { command: 'make-decision', applicationId: 'early', outcome: 'granted', at: at2021(101) },
    422,
    'APPLICATION.NOT_ACCEPTED',
  );
  plan.rejected(
    { command: 'disclose-decision', applicationId: 'early', at: at2021(102), channel: '网站' },
    422,
    'DISCLOSURE.NOT_DECIDED',
  );
  plan.rejected(
    { command: 'withdraw-application', applicationId: 'imp-0', at: at2021(250) },
    422,
    'APPLICATION.ALREADY_DECIDED',
  );

  plan.ignored('# exempt disclosure of an exit-entry decision');
  planApplication(plan, 'crj-1', 'CRJ-01', 'exempt', 60);
  planApplication(plan, 'crj-2', 'CRJ-01', 'exempt', 61);

  plan.ignored('# catalogue changes are barriers: filings after them see them');
  plan.event(
    {
      command: 'file-application',
      applicationId: 'old-before',
      itemCode: 'OLD-01',
      channel: 'online',
      filedAt: at2021(200),
      applicant: { name: '甲' },
    },
    applicationStream('old-before'),
    'ApplicationFiled.v1',
  );
  plan.event(
    { command: 'retire-item', code: 'OLD-01', effectiveFrom: at2021(150, 0), reason: '事项取消' },
    itemStream('OLD-01'),
    'ItemRetired.v1',
  );
  plan.rejected(
    {
      command: 'file-application',
      applicationId: 'old-after',
      itemCode: 'OLD-01',
      channel: 'online',
      filedAt: at2021(200),
      applicant: { name: '乙' },
    },
    422,
    'ITEM.NOT_IN_FORCE',
  );
  plan.event(
    { command: 'amend-item', code: 'ZA-02', promisedDays: 2, effectiveFrom: at2021(180, 0) },
    itemStream('ZA-02'),
    'ItemAmended.v1',
  );

  plan.ignored('# supervision: a complaint or appeal about an application, then its resolution right after');
  for (let i = 0; i < 5; i++) {
    plan.event(
      {
        command: 'log-complaint',
        complaintId: `cmp-${i}`,
        applicationId: `imp-${i}`,
        at: at2021(120 + i),
        channel: '12345热线',
        subject: '办理慢',
        complainant: { name: `投诉人${i}` },
      },
      `complaint-${AGENCY}.cmp-${i}`,
      'ComplaintLogged.v1',
    );
    plan.event(
      {
        command: 'resolve-complaint',
        complaintId: `cmp-${i}`,
        at: at2021(125 + i),
        valid: i % 2 === 0,
        outcome: '已处理',
      },
      `complaint-${AGENCY}.cmp-${i}`,
      'ComplaintResolved.v1',
    );
  }
  for (const [i, kind] of (['reconsideration', 'litigation', 'reconsideration'] as const).entries()) {
    plan.event(
      { command: 'file-appeal', appealId: `apl-${i}`, applicationId: `imp-${i + 1}`, kind, at: at2021(130 + i) },
      `appeal-${AGENCY}.apl-${i}`,
      'AppealFiled.v1',
    );
    plan.event(
      { command: 'conclude-appeal', appealId: `apl-${i}`, at: at2021(160 + i), outcome: '维持' },
      `appeal-${AGENCY}.apl-${i}`,
      'AppealConcluded.v1',
    );
  }
  plan.rejected(
    { command: 'resolve-complaint', complaintId: 'cmp-0', at: at2021(200), valid: true, outcome: '再次处理' },
    422,
    'COMPLAINT.ALREADY_RESOLVED',
  );
  for (const kind of ['external-supervision', 'enforcement-inspection', 'case-file-review']) {
    plan.event(
      {
        command: 'perform-inspection',
        inspectionId: `insp-${kind}`,
        kind,
        at: at2021(140),
        department: '法制',
        findings: '未发现问题',
        rectificationRequired: kind === 'enforcement-inspection',
        ...(kind === 'case-file-review' ? { applicationIds: ['imp-0', 'imp-1'], filesReviewed: 20 } : {}),
      },
      `inspection-${AGENCY}.insp-${kind}`,
      'InspectionPerformed.v1',
    );
  }
  plan.event(
    {
      command: 'record-rectification',
      rectificationId: 'rect-1',
      inspectionId: 'insp-enforcement-inspection',
      problem: '公示不全',
      measures: '补充公示',
      status: 'planned',
      year: 2021,
      at: at2021(141),
    },
    `rectification-${AGENCY}.rect-1`,
    'RectificationRecorded.v1',
  );
  plan.event(
    { command: 'update-rectification', rectificationId: 'rect-1', status: 'completed', at: at2021(170) },
    `rectification-${AGENCY}.rect-1`,
    'RectificationUpdated.v1',
  );
  const indicator = {
    command: 'report-indicator',
    name: 'seals-carved',
    year: 2020,
    value: 55122,
    unit: '枚',
    source: '公章治安管理信息系统',
  };
  plan.event({ ...indicator, at: at2021(20) }, `indicators-${AGENCY}.2020`, 'IndicatorReported.v1');
  plan.event(
    { ...indicator, name: 'online-seal-orders', value: 30858, unit: '单', at: at2021(20) },
    `indicators-${AGENCY}.2020`,
    'IndicatorReported.v1',
  );
  plan.ignored('# the same figure resent by the upstream system is no new fact');
  plan.nothing({ ...indicator, at: at2021(21) });
  return plan;
}

describe('when an NDJSON file with good and bad lines is imported', () => {
  const dir = useTemporaryDirectory('ledger-cli-import-');
  let directory: string;
  let file: string;
  let storeFile: string;
  const plan = buildPlan();
  const good = plan.withOutcome('event');
  const rejected = plan.withOutcome('rejected');
  let first: CliRun;
  let stored: StoreSnapshot;

  beforeAll(async () => {
    directory = dir();
    file = join(directory, 'commands.ndjson');
    storeFile = join(directory, 'events.sqlite');
    plan.write(file);
    first = await runCli(directory, ['import', file, '--no-progress']);
    stored = readStoreFile(storeFile);
  }, 60_000);

  it('exits with 2 and counts the lines, the recorded ones and the rejected ones', () => {
    expect(plan.counted().length).toBeGreaterThan(300);
    expect({ code: first.code, signal: first.signal }).toEqual({ code: 2, signal: null });
    expect(summaryOf(first)).toMatchObject({
      lines: plan.counted().length,
      recorded: good.length,
      alreadyRecorded: plan.withOutcome('nothing').length,
      rejected: rejected.length,
    });
  });

  it('lists every rejected line with its number, status and reason, and no other line', () => {
    const listed = [...first.stdout.matchAll(/^ {2}line (\d+): (\d{3}) (.*)$/gm)].map((m) => ({
      line: +m[1],
      status: +m[2],
      reason: m[3],
    }));
    expect(listed.map((l) => l.line)).toEqual(rejected.map((l) => l.number));
    for (const line of rejected) {
      const entry = listed.find((l) => l.line === line.number)!;
      expect({
        line: line.number,
        status: entry.status,
        mentions: entry.reason.includes(line.outcome.mentions),
      }).toEqual({ line: line.number, status: line.outcome.status, mentions: true });
    }
    // Every reason has its code, and is said once (not as the detail and again as its field list).
    for (const entry of listed) {
      expect({ line: entry.line, reason: entry.reason }).toEqual({
        line: entry.line,
        reason: expect.stringMatching(/^[A-Z_]+(\.[A-Z_]+)+ \S/),
      });
      const parts = entry.reason.split('; ');
      expect({
        line: entry.line,
        repeated: parts.length - new Set(parts).size,
        bracketed: entry.reason.includes(' ['),
      }).toEqual({ line: entry.line, repeated: 0, bracketed: false });
    }
  });

  it('records every good line as exactly one event on its stream, in file order per stream, and nothing for the others', () => {
    expect(integrityProblems(stored)).toEqual([]);
    const byLine = new Map<number, typeof stored.events>();
    for (const event of stored.events) byLine.set(lineOf(event), [...(byLine.get(lineOf(event)) ?? []), event]);
    const unexpected = [...byLine.keys()].filter((line) => plan.lines[line - 1]?.outcome.kind !== 'event');
    expect(unexpected).toEqual([]);
    const wrong = good
      .map((line) => ({
        line: line.number,
        want: [`${line.outcome.streamId} ${line.outcome.type}`],
        got: (byLine.get(line.number) ?? []).map((e) => `${e.streamId} ${e.type}`),
      }))
      .filter(({ want, got }) => JSON.stringify(want) !== JSON.stringify(got));
    expect(wrong).toEqual([]);
    for (const [streamId, expected] of plan.expectedStreams()) {
      const events = stored.events.filter((e) => e.streamId === streamId);
      expect({ streamId, lines: events.map(lineOf) }).toEqual({ streamId, lines: expected.map((e) => e.line) });
    }
    expect(stored.events).toHaveLength(good.length);
    expect(new Set(stored.events.map((e) => e.metadata.agency))).toEqual(new Set([AGENCY]));
  });

  it('keeps no applicant or complainant name in plaintext in the store', () => {
    const raw = JSON.stringify(stored.events);
    expect(raw).not.toMatch(/申请人imp-|投诉人\d/);
    expect(
      stored.events
        .filter((e) => e.type === 'ApplicationFiled.v1')
        .every((e) => typeof e.data.applicant === 'object' && e.data.applicant !== null),
    ).toBe(true);
  });

  it('prints a stream with `stream --json`, personal data withheld unless --personal-data', async () => {
    const run = await runCli(directory, ['stream', applicationStream('imp-2'), '--json']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const events = run.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            type: string;
            revision: number;
            data: Record<string, unknown>;
            metadata: Record<string, unknown>;
          },
      );
    expect(events.map((e) => e.type)).toEqual(
      plan
        .expectedStreams()
        .get(applicationStream('imp-2'))!
        .map((e) => e.type),
    );
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    expect(events[0].data.applicant).toMatchObject({ withheld: true });
    expect(run.stdout).not.toContain('申请人imp-2');
    expect(events[0].metadata).toMatchObject({
      agency: AGENCY,
      actor: 'import:e2e',
      // The command line is the principal that recorded it (its OS account), beside the actor.
      principal: expect.stringMatching(/^cli:\S+$/),
      businessTime: expect.any(String),
      ledgerTime: expect.any(String),
    });

    const entitled = await runCli(directory, [
      'stream',
      applicationStream('imp-2'),
      '--json',
      '--personal-data',
      '--purpose',
      'import check',
    ]);
    expect(entitled.code).toBe(0);
    expect(JSON.parse(entitled.stdout.split('\n')[0]).data.applicant).toMatchObject({ name: '申请人imp-2' });
  });

  it('records nothing new when the same file is imported again, reporting every good line as already recorded', async () => {
    // Since the first import only the read of personal data above was recorded (on the access log).
    const before = readStoreFile(storeFile);
    expect(before.events.slice(stored.events.length).map((e) => e.type)).toEqual(['PersonalDataAccessed.v1']);
    const again = await runCli(directory, ['import', file, '--no-progress']);
    expect(again.code).toBe(2);
    expect(summaryOf(again)).toMatchObject({
      lines: plan.counted().length,
      recorded: 0,
      alreadyRecorded: good.length + plan.withOutcome('nothing').length,
      rejected: rejected.length,
    });
    const after = readStoreFile(storeFile);
    expect(after.events.map((e) => e.eventId)).toEqual(before.events.map((e) => e.eventId));
  });
});

describe('when a line refused for coming too early is imported again after the lines that follow it', () => {
  const dir = useTemporaryDirectory('ledger-cli-reimport-');

  // As documented in the README: a re-run records nothing twice, and retries the lines refused
  // before, deciding them against the ledger as it now stands (here the acceptance exists, so the
  // decision is lawful now and is recorded after it, with its own business time).
  it('retries it against the ledger as it now stands', async () => {
    const plan = new ImportPlan()
      .event(registerItem('ZA-01'), itemStream('ZA-01'), 'ItemRegistered.v1')
      .event(
        {
          command: 'file-application',
          applicationId: 'early',
          itemCode: 'ZA-01',
          channel: 'window',
          filedAt: at2021(100),
          applicant: { name: '早决' },
        },
        applicationStream('early'),
        'ApplicationFiled.v1',
      )
      .rejected(
        { command: 'make-decision', applicationId: 'early', outcome: 'granted', at: at2021(101) },
        422,
        'APPLICATION.NOT_ACCEPTED',
      )
      .event(
        { command: 'decide-acceptance', applicationId: 'early', accepted: true, at: at2021(101) },
        applicationStream('early'),
        'ApplicationAccepted.v1',
      );
    const file = join(dir(), 'commands.ndjson');
    plan.write(file);
    const first = await runCli(dir(), ['import', file, '--no-progress']);
    expect(summaryOf(first)).toMatchObject({ recorded: 3, rejected: 1 });
    const again = await runCli(dir(), ['import', file, '--no-progress']);
    expect(summaryOf(again)).toMatchObject({ recorded: 1, alreadyRecorded: 3, rejected: 0 });
    expect(
      readStoreFile(join(dir(), 'events.sqlite'))
        .events.filter((e) => e.streamId === applicationStream('early'))
        .map((e) => e.type),
    ).toEqual(['ApplicationFiled.v1', 'ApplicationAccepted.v1', 'DecisionMade.v1']);
  });
});

describe('when the file was saved by a Windows editor (byte-order mark, CRLF line ends)', () => {
  const dir = useTemporaryDirectory('ledger-cli-bom-');

  it('records every line, the first one included, and exits with 0', async () => {
    const directory = dir();
    const file = join(directory, 'windows.ndjson');
    const lines = [
      registerItem('ZA-01'),
      {
        command: 'file-application',
        applicationId: 'bom-1',
        itemCode: 'ZA-01',
        channel: 'window',
        filedAt: at2021(30),
        applicant: { name: '甲' },
      },
      { command: 'decide-acceptance', applicationId: 'bom-1', accepted: true, at: at2021(30, 10) },
    ];
    writeFileSync(file, '\uFEFF' + lines.map((l) => JSON.stringify(l)).join('\r\n') + '\r\n');
    const run = await runCli(directory, ['import', file, '--no-progress']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/: 3 lines, 3 recorded, 0 already recorded, 0 rejected/),
    });
    expect(readStoreFile(join(directory, 'events.sqlite')).events.map((e) => e.type)).toEqual([
      'ItemRegistered.v1',
      'ApplicationFiled.v1',
      'ApplicationAccepted.v1',
    ]);
  });
});

describe('when a line is not valid UTF-8', () => {
  const dir = useTemporaryDirectory('ledger-cli-utf8-');

  it('refuses that line, naming it, and records the others', async () => {
    const directory = dir();
    const file = join(directory, 'latin1.ndjson');
    const good = (id: string) =>
      Buffer.from(
        JSON.stringify({
          command: 'file-application',
          applicationId: id,
          itemCode: 'ZA-01',
          channel: 'window',
          filedAt: at2021(30),
          applicant: { name: '甲' },
        }),
      );
    // "applicant": { "name": "M<0xFC>ller" }: Latin-1 bytes, which a UTF-8 decoder would turn into U+FFFD.
    const latin1 = Buffer.concat([
      Buffer.from(
        '{"command":"file-application","applicationId":"utf8-bad","itemCode":"ZA-01","channel":"window","filedAt":"2021-02-01T09:00:00+08:00","applicant":{"name":"M',
      ),
      Buffer.from([0xfc]),
      Buffer.from('ller"}}'),
    ]);
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(JSON.stringify(registerItem('ZA-01'))),
        Buffer.from('\n'),
        good('utf8-1'),
        Buffer.from('\n'),
        latin1,
        Buffer.from('\n'),
        good('utf8-2'),
        Buffer.from('\n'),
      ]),
    );
    const run = await runCli(directory, ['import', file, '--no-progress']);
    expect({ code: run.code, stdout: run.stdout }).toEqual({
      code: 2,
      stdout: expect.stringMatching(/: 4 lines, 3 recorded, 0 already recorded, 1 rejected/),
    });
    expect(run.stdout).toMatch(/^ {2}line 3: 400 .*not valid UTF-8/m);
    const events = readStoreFile(join(directory, 'events.sqlite')).events;
    expect(events.map((e) => e.streamId)).toEqual([
      itemStream('ZA-01'),
      applicationStream('utf8-1'),
      applicationStream('utf8-2'),
    ]);
  });
});

describe('when the CLI is asked for something that is not there', () => {
  const dir = useTemporaryDirectory('ledger-cli-missing-');

  it('exits with 1 and names the file when the import file does not exist', async () => {
    const missing = join(dir(), 'no-such-file.ndjson');
    const run = await runCli(dir(), ['import', missing, '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no such file: ${missing}`);
    expect(run.stdout).not.toMatch(SUMMARY);
  });

  it('exits with 1 and says why when the import file is a directory', async () => {
    const run = await runCli(dir(), ['import', dir(), '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ledger: .*EISDIR/m);
  });

  it('exits with 1 and says why when --concurrency is out of range', async () => {
    const file = join(dir(), 'one.ndjson');
    writeFileSync(file, JSON.stringify(registerItem('ZA-01')) + '\n');
    const run = await runCli(dir(), ['import', file, '--concurrency', '0', '--no-progress']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--concurrency must be a whole number from 1 to 10000');
    expect(run.stdout).not.toMatch(SUMMARY);
  });

  it('calls itself ledger in its help, and lists the command names an import line may use', async () => {
    const help = await runCli(dir(), ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ledger \[options\] \[command\]/);
    const importHelp = await runCli(dir(), ['import', '--help']);
    expect(importHelp.stdout).toMatch(/^Usage: ledger import \[options\] <file>/);
    for (const name of ['register-item', 'file-application', 'make-decision', 'disclose-decision', 'report-indicator'])
      expect(importHelp.stdout.replace(/\s+/g, ' ')).toContain(name);
  });

  it('prints its help before init-keys has made a master key', async () => {
    for (const args of [['--help'], ['help'], ['import', '--help']]) {
      const run = await runCli(dir(), args, { withoutMasterKey: true });
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^Usage: ledger /);
    }
  });

  it('exits with 1 and says so when the stream does not exist', async () => {
    const run = await runCli(dir(), ['stream', `application-${AGENCY}.never-filed`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no stream application-${AGENCY}.never-filed`);
    expect(run.stdout).toBe('');
  });
});

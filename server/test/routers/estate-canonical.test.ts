// Addresses are stored and reported in one form, however the imported file spells them:
// RFC 5952 for IPv6, lower-case colon-separated MACs (R10, R21).
import { parseEstate, serializeEstate, type Estate, type EstateInput } from '@vmmi/shared';
import { describe, expect, it } from 'vitest';
import { createContextInner } from '../../src/context.ts';
import { createEstateRepo } from '../../src/db/estate-repo.ts';
import { appRouter } from '../../src/routers/_app.ts';
import { createCallerFactory } from '../../src/trpc.ts';
import { BACKENDS, useTestDb } from '../backends.ts';
import { makeEstateInput } from '../fixtures.ts';

const createCaller = createCallerFactory(appRouter);

/** The test estate with an IPv6 subnet, and every address and MAC spelled another way. */
function mixedSpellings(): EstateInput {
  const input = makeEstateInput();
  input.sites![0]!.underlay = { ipv4: '10.255.1.0/24', ipv6: 'FD00:0:0:1::/64' };
  input.devices!.find((d) => d.id === 'gw-a')!.ipv6 = '2001:DB8:FFFF:0:0:0:0:1';
  input.networks![0]!.subnets.push({
    cidr: '2001:0DB8:0001:0000::/064',
    gateway: '2001:DB8:1:0:0:0:0:0001',
  });
  const spelt: [string, string][] = [
    ['52-54-00-AB-CD-01', '2001:0DB8:0001:0000:0000:0000:0000:0011'],
    ['5254.00ab.cd02', '2001:db8:1::0:12'],
    ['52:54:00:AB:CD:03', '2001:DB8:1::13'],
  ];
  input.vms!.forEach((vm, i) => ([vm.mac, vm.ipv6] = spelt[i]!));
  input.flows![1]!.dst = { kind: 'prefix', prefix: '0:0:0:0:0:0:0:0/0' };
  return input;
}

/** The input's spellings that are not canonical: none may come back. */
const SPELLINGS = [
  'FD00',
  'FFFF',
  '0DB8',
  'DB8',
  '/064',
  ':0001',
  '-AB-',
  '5254.',
  'AB:CD',
  '::0:12',
];

// Written by hand from RFC 5952 (4.1 no leading zeros, 4.2 "::" for the longest zero run, 4.3 lower case).
const CANONICAL = {
  underlay: { ipv4: '10.255.1.0/24', ipv6: 'fd00:0:0:1::/64' },
  gateway: '2001:db8:ffff::1',
  subnet: { cidr: '2001:db8:1::/64', gateway: '2001:db8:1::1' },
  vms: [
    ['52:54:00:ab:cd:01', '2001:db8:1::11'],
    ['52:54:00:ab:cd:02', '2001:db8:1::12'],
    ['52:54:00:ab:cd:03', '2001:db8:1::13'],
  ],
  prefix: '::/0',
};

function addressFields(e: Estate) {
  return {
    underlay: e.sites[0]!.underlay,
    gateway: e.devices.find((d) => d.id === 'gw-a')!.ipv6,
    subnet: e.networks[0]!.subnets[1],
    vms: e.vms.map((v) => [v.mac, v.ipv6]),
    prefix: e.flows[1]!.dst.kind === 'prefix' ? e.flows[1]!.dst.prefix : undefined,
  };
}

function expectCanonicalText(text: string) {
  for (const s of SPELLINGS) expect(text, s).not.toContain(s);
  expect(text).toContain('2001:db8:1::11');
}

describe.each(BACKENDS)('canonical addresses through the estate router on %s', (_kind, open) => {
  const db = useTestDb(open);
  const as = (role: 'viewer' | 'operator') => createCaller(createContextInner({ db: db(), role }));

  it('stores a mixed-spelling estate imported as JSON, YAML or a document in canonical text', async () => {
    const input = mixedSpellings();
    const yaml = serializeEstate(input as Estate, 'yaml');
    for (const payload of [{ text: JSON.stringify(input) }, { text: yaml }, { estate: input }]) {
      await as('operator').estate.import(payload);
      const { estate } = await as('viewer').estate.get({ id: 'test-estate' });
      expect(addressFields(estate)).toEqual(CANONICAL);
    }
  });

  it('exports only canonical text, and the export reads back as the same estate', async () => {
    await as('operator').estate.import({ text: JSON.stringify(mixedSpellings()) });
    const { estate } = await as('viewer').estate.get({ id: 'test-estate' });
    for (const format of ['json', 'yaml'] as const) {
      const { text } = await as('viewer').estate.export({ id: 'test-estate', format });
      expectCanonicalText(text);
      await as('operator').estate.import({ text });
      expect((await as('viewer').estate.get({ id: 'test-estate' })).estate).toEqual(estate);
    }
  });

  it('previews with the canonical text: addresses, announcements and the plan', async () => {
    await as('operator').estate.import({ estate: mixedSpellings() });
    const { result } = await as('viewer').impact.preview({
      estateId: 'test-estate',
      request: { vmIds: ['vm-1'], target: { kind: 'host', hostId: 'host-b1' }, strategy: 'all' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.report.addressing[0]!.ipv6).toEqual({
      before: '2001:db8:1::11',
      after: '2001:db8:1::11',
    });
    expect(result.report.addressing[0]!.mac).toBe('52:54:00:ab:cd:01');
    expectCanonicalText(JSON.stringify(result.report));
  });

  it('reads a row stored before canonical text back in canonical text', async () => {
    // What an older build stored: the document as the file spelt it.
    const parsed = parseEstate(mixedSpellings());
    expect(parsed.ok).toBe(true);
    const asSpelt = { ...(parsed.ok && parsed.estate), ...mixedSpellings() } as Estate;
    await createEstateRepo(db().kysely).put(asSpelt);
    const { estate } = await as('viewer').estate.get({ id: 'test-estate' });
    expect(addressFields(estate)).toEqual(CANONICAL);
  });
});

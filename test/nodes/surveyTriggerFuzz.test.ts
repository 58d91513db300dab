/**
 * Fuzz: mutated and truncated deliveries for every source, through the trigger's real webhook
 * handler in the n8n engine. Whatever arrives, the sender gets a 2xx or 4xx answer, never a 5xx
 * or an uncaught error, and whatever starts the workflow is a valid canonical item.
 *
 * Signed sources get a correct signature over the mutated bytes most of the time, so mutations
 * reach the parsers instead of stopping at the signature check. The generator is seeded: a
 * failure names its seed and case, and reruns the same way.
 */
import nock from 'nock';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { feedbackSchema } from '../../nodes/core/feedback';
import { readFixture, readJsonFixture } from '../support/fixtures.cjs';
import type { WorkflowJson } from './harness';
import { chain, refuseOutsideNetwork, runWebhook } from './harness';
import type { Random } from './deliveryFuzzing';
import { BOUNDARY, SIGNING_VALUE, formEncode, generator, hmac, json, multipartEncode } from './deliveryFuzzing';

const TRIGGER = 'Survey Trigger';
const PER_SOURCE = 300;

/* ------------------------------------------------------------------------------------------ *
 * Hostile values.
 * ------------------------------------------------------------------------------------------ */

const HOSTILE_VALUES: readonly unknown[] = [
	null,
	true,
	0,
	-1,
	11,
	1e308,
	3.5,
	'',
	' ',
	'abc',
	'12',
	'NaN',
	'😀 très déçu',
	'<script>alert(1)</script>',
	'x'.repeat(5000),
	[],
	[1, 'a', null],
	{},
	{ nested: { deeper: [{}] } },
	'2026-13-45T99:99:99Z',
	'not-an-email@',
	'__proto__',
];

function mutateValue(value: unknown, random: Random, depth = 0): unknown {
	if (value !== null && typeof value === 'object' && depth < 6 && random.next() < 0.7) {
		if (Array.isArray(value)) {
			const copy = [...value];
			if (copy.length && random.next() < 0.3) copy.splice(random.below(copy.length), 1);
			else if (copy.length) copy[random.below(copy.length)] = mutateValue(copy[random.below(copy.length)], random, depth + 1);
			else copy.push(random.pick(HOSTILE_VALUES));
			return copy;
		}
		const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
		const keys = Object.keys(copy);
		if (!keys.length) return random.pick(HOSTILE_VALUES);
		const key = random.pick(keys);
		const roll = random.next();
		if (roll < 0.25) delete copy[key];
		else if (roll < 0.35) copy[`${key}_renamed`] = copy[key];
		else copy[key] = mutateValue(copy[key], random, depth + 1);
		return copy;
	}
	return random.pick(HOSTILE_VALUES);
}

/** Byte-level damage applied after encoding. */
function damageBytes(bytes: Buffer, random: Random): Buffer {
	const roll = random.next();
	if (roll < 0.4) return bytes.subarray(0, random.below(bytes.length));
	if (roll < 0.7) {
		const copy = Buffer.from(bytes);
		for (let flips = 1 + random.below(4); flips > 0; flips--) copy[random.below(copy.length)] = random.below(256);
		return copy;
	}
	if (roll < 0.85) return Buffer.concat([bytes, Buffer.from([0xff, 0xfe, 0x00, 0x7b])]);
	return Buffer.alloc(random.below(3), 0x20);
}

/* ------------------------------------------------------------------------------------------ *
 * One case per source: its seeds, how its bytes are encoded and signed.
 * ------------------------------------------------------------------------------------------ */

interface Delivery {
	raw: Buffer;
	headers: Record<string, string>;
}

interface FuzzCase {
	source: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	seeds: unknown[];
	/** Encodes a (mutated) seed and signs it correctly. */
	encode(value: unknown, random: Random): Delivery;
	/** Mocks the tool's API for sources that fetch responses. */
	mockApi?(): void;
}

/** Parses JSON held in string fields so mutations reach inside them (Qualtrics MSG, Jotform rawRequest). */
function withInnerJson(fields: Record<string, unknown>, names: string[]): Record<string, unknown> {
	const copy = { ...fields };
	for (const name of names) if (typeof copy[name] === 'string') copy[name] = JSON.parse(copy[name] as string);
	return copy;
}
function withInnerText(fields: unknown, names: string[]): unknown {
	if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return fields;
	const copy = { ...(fields as Record<string, unknown>) };
	for (const name of names) if (copy[name] !== undefined && typeof copy[name] !== 'string') copy[name] = JSON.stringify(copy[name]);
	return copy;
}

const secretCredential = { surveyWebhookSecretApi: { secret: SIGNING_VALUE } };
const manual = { registration: 'manual' };

const CASES: FuzzCase[] = [
	{
		source: 'customJson',
		parameters: { authentication: 'hmac' },
		credentials: secretCredential,
		seeds: [
			{ responseId: 'r-1', score: 3, comment: 'Livraison en retard', email: 'a@example.com', consent: 'oui' },
			{ responseId: 'r-2', score: '9', customerValue: '1200', submittedAt: 1764057600 },
		],
		encode: (value) => {
			const raw = json(value);
			return { raw, headers: { 'content-type': 'application/json', 'x-signature': hmac('sha256', raw, 'hex') } };
		},
	},
	{
		source: 'typeform',
		parameters: manual,
		credentials: secretCredential,
		seeds: ['typeform/nps-response.json', 'typeform/french-response.json', 'typeform/docs-example.json'].map((file) =>
			readJsonFixture(file),
		),
		encode: (value) => {
			const raw = json(value);
			return {
				raw,
				headers: { 'content-type': 'application/json', 'typeform-signature': `sha256=${hmac('sha256', raw, 'base64')}` },
			};
		},
	},
	{
		source: 'tally',
		parameters: manual,
		credentials: secretCredential,
		seeds: ['tally/nps-response.json', 'tally/docs-example.json'].map((file) => readJsonFixture(file)),
		encode: (value) => {
			const raw = json(value);
			return { raw, headers: { 'content-type': 'application/json', 'tally-signature': hmac('sha256', raw, 'base64') } };
		},
	},
	{
		source: 'surveyMonkey',
		parameters: { registration: 'manual' },
		credentials: {
			closedLoopSurveyMonkeyApi: { accessToken: 'example-access', clientId: 'example-client', clientSecret: SIGNING_VALUE },
		},
		seeds: [readJsonFixture('surveymonkey/webhook-response-completed.json')],
		encode: (value) => {
			const raw = json(value);
			const key = `example-client&${SIGNING_VALUE}`;
			return { raw, headers: { 'content-type': 'application/json', 'sm-signature': hmac('sha1', raw, 'base64', key) } };
		},
		mockApi: () => {
			const survey = readJsonFixture('surveymonkey/survey-details.json');
			const details = readJsonFixture('surveymonkey/response-details.json');
			nock(/surveymonkey\.com/)
				.persist()
				.get(/\/v3\/surveys\/[^/]+\/responses\/[^/]+\/details/)
				.reply(200, details)
				.get(/\/v3\/surveys\/[^/]+\/details/)
				.reply(200, survey);
		},
	},
	{
		source: 'qualtrics',
		parameters: manual,
		credentials: {
			...secretCredential,
			closedLoopQualtricsApi: { baseUrl: 'https://iad1.qualtrics.com', apiToken: 'example-api-token' },
		},
		seeds: [withInnerJson(readJsonFixture('qualtrics/event-completed-response.json'), ['MSG'])],
		encode: (value) => {
			const fields = withInnerText(value, ['MSG']) as Record<string, unknown>;
			if (fields && typeof fields === 'object' && typeof fields.MSG === 'string') fields.HMAC = hmac('sha512', fields.MSG, 'hex');
			return { raw: Buffer.from(formEncode(fields)), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
		},
		mockApi: () => {
			const definition = readJsonFixture('qualtrics/survey-definition.json');
			const response = readJsonFixture('qualtrics/response.json');
			nock(/qualtrics\.com/)
				.persist()
				.get(/\/API\/v3\/surveys\/[^/]+\/responses\/[^/]+/)
				.reply(200, response)
				.get(/\/API\/v3\/survey-definitions\/[^/]+/)
				.reply(200, definition)
				.get(/\/API\/v3\/surveys\/[^/]+$/)
				.reply(200, definition);
		},
	},
	{
		source: 'delighted',
		parameters: {},
		credentials: {},
		seeds: ['delighted/survey-response-created.json', 'delighted/survey-response-updated.json', 'delighted/unsubscribe-created.json'].map(
			(file) => readJsonFixture(file),
		),
		encode: (value) => ({ raw: json(value), headers: { 'content-type': 'application/json' } }),
	},
	{
		source: 'jotform',
		parameters: {},
		credentials: {},
		seeds: [
			withInnerJson(readJsonFixture('jotform/nps-submission.json'), ['rawRequest']),
			withInnerJson(readJsonFixture('jotform/csat-upload-submission.json'), ['rawRequest']),
		],
		encode: (value) => ({
			raw: Buffer.from(multipartEncode(withInnerText(value, ['rawRequest']))),
			headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
		}),
	},
];

const CONTENT_TYPES = ['text/plain', 'application/xml', 'multipart/form-data', 'application/json; charset=klingon', ''];

function triggerWorkflow(fuzzCase: FuzzCase): WorkflowJson {
	const credentialRefs = Object.fromEntries(
		Object.keys(fuzzCase.credentials).map((type) => [type, { id: `cred-${type}`, name: type }]),
	);
	const workflow = chain({
		name: TRIGGER,
		type: 'surveyTrigger',
		webhookId: '0b7f1e7c-9d55-4a8e-b1c4-5b2f0e9d1a77',
		parameters: { path: 'fuzz', source: fuzzCase.source, settings: { deduplicate: false }, ...fuzzCase.parameters },
		credentials: credentialRefs,
	});
	return { ...workflow, id: `fuzz-${fuzzCase.source}`, staticData: {} };
}

beforeAll(() => refuseOutsideNetwork());
afterEach(() => nock.cleanAll());

describe('fuzzing every source through the real webhook handler', () => {
	it('starts from seeds every source accepts as they are', async () => {
		for (const fuzzCase of CASES) {
			fuzzCase.mockApi?.();
			for (const seed of fuzzCase.seeds) {
				const { raw, headers } = fuzzCase.encode(seed, generator(1));
				const result = await runWebhook(triggerWorkflow(fuzzCase), {
					credentials: fuzzCase.credentials,
					request: { rawBody: raw, headers },
				});
				expect({ source: fuzzCase.source, status: result.http?.status }).toEqual({ source: fuzzCase.source, status: 200 });
			}
			nock.cleanAll();
		}
	});

	it.each(CASES.map((fuzzCase, index) => [fuzzCase.source, index]))(
		`%s: ${PER_SOURCE} mutated deliveries never get a 5xx or an uncaught error`,
		async (_source, index) => {
			const fuzzCase = CASES[index as number];
			fuzzCase.mockApi?.();
			const random = generator(20261125 + (index as number));
			const statuses = new Map<number, number>();
			let started = 0;
			for (let n = 0; n < PER_SOURCE; n++) {
				const seed = random.pick(fuzzCase.seeds);
				const mutated = random.next() < 0.85 ? mutateValue(seed, random) : random.pick(HOSTILE_VALUES);
				let { raw, headers } = fuzzCase.encode(mutated, random);
				headers = { ...headers };
				const roll = random.next();
				if (roll < 0.2) raw = damageBytes(raw, random);
				else if (roll < 0.27) headers['content-type'] = random.pick(CONTENT_TYPES);
				else if (roll < 0.3) headers['content-encoding'] = random.pick(['br', 'zstd', 'identity']);

				const result = await runWebhook(triggerWorkflow(fuzzCase), {
					credentials: fuzzCase.credentials,
					request: { rawBody: raw, headers },
				});
				const status = result.http?.status ?? 0;
				const where = `${fuzzCase.source} #${n} (seed ${20261125 + (index as number)})`;
				if (result.error || status >= 500 || status === 0) {
					throw new Error(
						`${where}: HTTP ${status}, ${result.error?.message ?? JSON.stringify(result.http?.body)}\nbody: ${raw
							.subarray(0, 400)
							.toString('utf8')}`,
					);
				}
				statuses.set(status, (statuses.get(status) ?? 0) + 1);
				if (result.started) {
					started++;
					const [item] = result.json(TRIGGER);
					const parsed = feedbackSchema.safeParse(item?.feedback);
					if (!parsed.success) throw new Error(`${where}: started with an invalid feedback item: ${parsed.error.message}`);
				}
			}
			// The fuzz must exercise both paths, or it proves nothing.
			expect(started).toBeGreaterThan(PER_SOURCE * 0.05);
			expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);
		},
		120_000,
	);
});

it('loads the Jotform multipart fixture the fuzz seeds come from', () => {
	expect(readFixture('jotform/nps-submission.multipart.txt').includes(BOUNDARY)).toBe(true);
});

/**
 * The Zendesk provider against the loopback stand-in the e2e template uses (test/support/fakeZendesk.cjs), through
 * n8n's engine with the Closed Loop Zendesk API credential: a case's whole life, a second run, and two runs of the
 * same feedback at once.
 */
import type { CaseClose, CaseDraft } from '../../nodes/core/caseRecord';
import { caseIdempotencyKey } from '../../nodes/core/caseRecord';
import type { ZendeskSettings } from '../../nodes/CreateCase/providers/zendesk';
import { zendeskProvider as zendesk } from '../../nodes/CreateCase/providers/zendesk';
import type { ApiClient } from '../../nodes/shared/apiClient';
import type { FakeZendesk } from '../support/fakeZendesk.cjs';
import { startFakeZendesk } from '../support/fakeZendesk.cjs';
import { caseDraft } from './caseDraftFixture';
import { callProvider } from './caseProviderHarness';

const EMAIL = 'cx-bot@acme.com';
const ACCESS = 'zd-fake-token-77c1d0';
const KEY = 'tf-resp-5521';
const RESUME_URL = 'http://127.0.0.1:5678/webhook-waiting/41/sla?signature=f00d';

let fake: FakeZendesk;
beforeEach(async () => {
	fake = await startFakeZendesk({ email: EMAIL, apiToken: ACCESS, users: [{ name: 'Ana Owner', email: 'ana.owner@acme.com' }], createDelayMs: 150 });
});
afterEach(async () => await fake.close());

const run = <T>(call: (api: ApiClient, settings: ZendeskSettings) => Promise<T>, apiToken = ACCESS) =>
	callProvider(zendesk, { credentials: { subdomain: fake.baseUrl, email: EMAIL, apiToken }, call: async (api, settings) => await call(api, settings as ZendeskSettings) });

/** A French detractor for the owner Ana, who is an agent in the stand-in's directory. */
const draft = (overrides: Partial<CaseDraft> = {}) =>
	caseDraft({
		key: KEY,
		subject: 'Détracteur (3) — livraison — C. Martin',
		description: 'Détracteur (3) — livraison\nCommentaire : « colis en retard »',
		language: 'fr',
		priority: 'P2',
		providerPriority: 'high',
		requester: { name: 'Claire Martin', email: 'claire.martin@example.fr', phone: null },
		assignee: { name: 'Ana Owner', email: 'ana.owner@acme.com', phone: null, helpdeskUserId: null },
		dueAt: '2026-12-03T09:00:00.000Z',
		resumeUrl: RESUME_URL,
		tags: ['closed-loop', 'detractor', 'délai de livraison'],
		...overrides,
	});

const closeRecord: CaseClose = {
	closure: { twoWayContact: false, resolved: true, rootCause: 'delivery', actionTaken: null, notes: 'en attente du retour client' },
	rootCauseLabel: 'Livraison en retard, perdue ou abîmée',
	integrity: ['resolved-without-two-way-contact', 'closed-while-pending'],
	integrityReasons: ['no two-way contact', 'pending'],
	closedAt: '2026-12-02T10:00:00.000Z',
	note: 'Dossier clos\nÉchange avec le client : non',
	language: 'fr',
};

/** What the Create operation does for one item: find by key, else create. */
const createOnce = (overrides: Partial<CaseDraft> = {}) =>
	run(async (api, settings) => (await zendesk.find(api, KEY, settings)) ?? (await zendesk.create(api, draft(overrides), settings)));

describe('the Zendesk provider against the loopback Zendesk', () => {
	it('a case’s life: created private-first with its key, found again, revised, noted, closed as solved with its flags', async () => {
		const created = await createOnce();
		expect(created.error).toBeUndefined();
		const [ticket] = fake.tickets();
		expect(created.value).toMatchObject({ id: String(ticket.id), url: `${fake.baseUrl}/agent/tickets/${ticket.id}`, key: KEY, status: 'open', revision: 1, resumeUrl: RESUME_URL });
		expect(ticket).toMatchObject({ external_id: KEY, type: 'task', due_at: '2026-12-03T09:00:00.000Z', priority: 'high', assignee_id: 9000 });
		expect(ticket.tags).toEqual(['closed-loop', 'detractor', 'délai_de_livraison', 'closed_loop_revision_1']);

		const later = await run(async (api, settings) => {
			const found = await zendesk.find(api, KEY, settings);
			const revised = await zendesk.revise(api, found!, draft({ revision: 2 }), settings);
			const noted = await zendesk.addNote(api, revised, { text: 'Appel : messagerie, message laissé', at: '2026-12-02T09:30:00Z' }, settings);
			const closed = await zendesk.close(api, noted, closeRecord, settings);
			return { found, revised, again: await zendesk.find(api, KEY, settings), closed, fetched: await zendesk.get(api, closed.id, settings) };
		});
		expect(later.error).toBeUndefined();
		expect(later.value?.found).toEqual({ ...created.value, warnings: undefined, status: 'open' });
		expect(later.value?.revised.revision).toBe(2);
		expect(later.value?.again?.revision).toBe(2);
		expect(later.value?.closed).toMatchObject({ status: 'solved', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(later.value?.fetched).toMatchObject({ status: 'solved', closed: true, revision: 2, resumeUrl: RESUME_URL, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });

		expect(fake.tickets()).toHaveLength(1);
		const comments = fake.comments(ticket.id);
		expect(comments.map((comment) => comment.public)).toEqual([false, false, false, false]);
		expect(comments[0].body).toContain(`Lien de reprise du SLA: ${RESUME_URL}`);
		expect(comments[1].body).toMatch(/^Réponse révisée \(révision 2, après la 1\)/);
		expect(comments[3].body).toBe(closeRecord.note);
		// Every call authenticated as Zendesk documents it; only the create carried the idempotency key.
		expect(new Set(fake.requests.map((request) => request.authorization))).toEqual(new Set([`Basic ${Buffer.from(`${EMAIL}/token:${ACCESS}`).toString('base64')}`]));
		expect(fake.requests.filter((request) => request.idempotencyKey).map((request) => `${request.method} ${request.path}`)).toEqual(['POST /api/v2/tickets']);
	});

	it('a second run of the same feedback finds the case and opens nothing', async () => {
		const first = await createOnce();
		const second = await createOnce();
		expect(second.value?.id).toBe(first.value?.id);
		expect(fake.tickets()).toHaveLength(1);
		expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it('two runs of the same feedback at once: both miss in the search, both create, and Zendesk’s idempotency key makes it one ticket', async () => {
		const [one, two] = await Promise.all([createOnce(), createOnce()]);
		expect(one.error).toBeUndefined();
		expect(two.error).toBeUndefined();
		expect(fake.tickets()).toHaveLength(1);
		expect(one.value?.id).toBe(String(fake.tickets()[0].id));
		expect(two.value?.id).toBe(one.value?.id);
		const creates = fake.requests.filter((request) => request.method === 'POST');
		expect(creates.map((request) => request.idempotencyKey)).toEqual([caseIdempotencyKey(KEY), caseIdempotencyKey(KEY)]);
	});

	it('two runs at once with different bodies (revision 1 and 2): Zendesk refuses the reused key, and the refused run finds the ticket', async () => {
		const [one, two] = await Promise.all([createOnce({ revision: 1 }), createOnce({ revision: 2 })]);
		expect(one.error).toBeUndefined();
		expect(two.error).toBeUndefined();
		expect(fake.tickets()).toHaveLength(1);
		expect(new Set([one.value?.id, two.value?.id])).toEqual(new Set([String(fake.tickets()[0].id)]));
		// Two searches, two creates (one refused), and the refused run's search that found the ticket.
		expect(fake.requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual([
			'GET /api/v2/tickets',
			'GET /api/v2/tickets',
			'GET /api/v2/tickets',
			'GET /api/v2/users/search',
			'GET /api/v2/users/search',
			'POST /api/v2/tickets',
			'POST /api/v2/tickets',
		]);
	});

	it('a 429 with Retry-After is waited for, then the call goes through', async () => {
		fake.failNext('GET', '/api/v2/tickets', 429, { error: 'TooManyRequests', description: 'Rate limit exceeded' }, { 'Retry-After': '1' });
		const { value, error } = await run((api, settings) => zendesk.find(api, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
		expect(fake.requests.filter((request) => request.path === '/api/v2/tickets')).toHaveLength(2);
	});

	it('a wrong API token: Zendesk’s 401 words in the error, the token nowhere', async () => {
		const wrong = 'zd-wrong-token-000';
		const { error, logs } = await run((api, settings) => zendesk.find(api, KEY, settings), wrong);
		expect(error?.message).toBe('Zendesk API: GET /api/v2/tickets failed with HTTP 401');
		expect(error?.description).toBe("Couldn't authenticate you");
		expect(`${JSON.stringify(error)}${logs}`).not.toContain(wrong);
	});

	it('the credential’s test call answers with the authenticated agent', async () => {
		const { value } = await run(async (api) => await api.request<{ user: { id: number | null; email: string } }>({ method: 'GET', url: '/api/v2/users/me.json' }));
		expect(value?.user).toMatchObject({ email: EMAIL });
		expect(value?.user.id).not.toBeNull();
	});
});

/**
 * The Salesforce case provider, run in n8n's engine with its OAuth2 credential applied by n8n (requestOAuth2: the
 * Bearer token from `oauthTokenData`, the refresh on 401), against a nock stand-in for one org's REST API that keeps
 * its cases, comments, users and contacts in memory and answers in the shapes Salesforce's REST reference documents.
 */
import type { INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import nock from 'nock';

import type { CaseDraft, StoredCase } from '../../nodes/core/caseRecord';
import { caseIdempotencyKey, closeRecord } from '../../nodes/core/caseRecord';
import { DEFAULT_ROOT_CAUSES } from '../../nodes/core/caseClosure';
import type { SalesforceSettings } from '../../nodes/CreateCase/providers/salesforce';
import { commentBody, salesforceDateTime, salesforceProvider as provider, soqlString } from '../../nodes/CreateCase/providers/salesforce';
import type { AnyCaseProvider } from '../../nodes/CreateCase/providers/types';
import type { ApiClient } from '../../nodes/shared/apiClient';
import { ClosedLoopSalesforceOAuth2Api } from '../../credentials/ClosedLoopSalesforceOAuth2Api.credentials';
import type { ProviderCall } from './caseProviderHarness';
import { callProvider } from './caseProviderHarness';
import { chain, runWithItems } from './harness';

jest.setTimeout(30_000);

const INSTANCE = 'https://acme.my.salesforce.com';
const API = '/services/data/v62.0';
/** The credential's secrets: none may show in an error, an output or a log. */
const ACCESS_TOKEN = '00D5g000004ExAm!AQ8AQExampleAccessTokenValue0123456789';
const REFRESH_TOKEN = '5Aep861ExampleRefreshTokenValue9876543210';
const CONSUMER = 'E1X2A3M4P5L6E7ConsumerValue';
const SECRETS = [ACCESS_TOKEN, REFRESH_TOKEN, CONSUMER];

const credentials = (overrides: Record<string, unknown> = {}) => ({
	grantType: 'pkce',
	environment: 'production',
	authUrl: 'https://login.salesforce.com/services/oauth2/authorize',
	accessTokenUrl: 'https://login.salesforce.com/services/oauth2/token',
	clientId: '3MVG9ExampleConsumerKey',
	clientSecret: CONSUMER,
	scope: 'api refresh_token',
	authentication: 'header',
	apiVersion: '62.0',
	instanceUrl: '',
	// What Salesforce's token answer holds, as n8n stores it.
	oauthTokenData: {
		access_token: ACCESS_TOKEN,
		refresh_token: REFRESH_TOKEN,
		instance_url: INSTANCE,
		id: 'https://login.salesforce.com/id/00D5g000004ExAmEAK/0055g00000AbCdEAAV',
		token_type: 'Bearer',
		issued_at: '1764581400000',
		signature: 'exampleSignature=',
	},
	...overrides,
});

const FIELDS = {
	salesforceRevisionField: 'Closed_Loop_Revision__c',
	salesforceResumeUrlField: 'Closed_Loop_Resume_URL__c',
	salesforceDueDateField: 'Closed_Loop_Due__c',
	salesforceIntegrityField: 'Closed_Loop_Integrity__c',
	salesforceRootCauseField: 'Root_Cause__c',
};

type Call<T> = (api: ApiClient, settings: SalesforceSettings) => Promise<T>;

async function run<T>(call: Call<T>, options: Partial<ProviderCall<T>> = {}) {
	return await callProvider(provider as AnyCaseProvider, {
		credentials: credentials(),
		parameters: FIELDS,
		...options,
		call: async (api, settings) => await call(api, settings as SalesforceSettings),
	});
}

function expectNoSecrets(...shown: unknown[]) {
	const text = JSON.stringify(shown);
	for (const secret of SECRETS) expect(text).not.toContain(secret);
}

const KEY = 'R_3kXb2Qw9ZpLm';

const draft = (overrides: Partial<CaseDraft> = {}): CaseDraft => ({
	key: KEY,
	idempotencyKey: caseIdempotencyKey(KEY),
	subject: 'Detractor (2) — delivery — Dupont',
	description: '**Detractor** (2) — checkout\n**Comment:** “Parcel arrived broken”',
	descriptionHtml: '<p><strong>Detractor</strong> (2)</p>',
	language: 'en',
	priority: 'P1',
	providerPriority: 'High',
	requester: { name: 'Marie Dupont', email: 'marie.dupont@example.com', phone: '+33 6 12 34 56 78' },
	assignee: { name: 'Sam Owner', email: 'sam.owner@acme.example', phone: null, helpdeskUserId: null },
	dueAt: '2026-12-02T09:30:00.000Z',
	resumeUrl: 'https://n8n.example.com/webhook-waiting/42/sla-resume?signature=abc',
	revision: 1,
	feedbackId: KEY,
	tags: ['closed-loop', 'detractor', 'delivery'],
	facts: {
		source: 'qualtrics',
		category: 'detractor',
		score: 2,
		metric: 'nps',
		comment: 'Parcel arrived broken',
		topics: ['delivery'],
		touchpoint: 'checkout',
		customerId: 'C-1001',
		submittedAt: '2026-12-01T09:00:00.000Z',
	},
	...overrides,
});

/* ------------------------------------------------------------------------------------------ *
 * A stand-in org: cases by Id, comments, users and contacts, answering as Salesforce's REST API documents.
 * ------------------------------------------------------------------------------------------ */

type SalesforceRecord = Record<string, unknown>;
interface Seen {
	method: string;
	path: string;
	query: URLSearchParams;
	body: unknown;
	headers: Record<string, string | string[] | undefined>;
}
interface Scripted {
	method: string;
	path: RegExp;
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

const notFound = [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }];
const CLOSED_STATUSES = new Set(['Closed']);

class FakeOrg {
	readonly cases = new Map<string, SalesforceRecord>();
	readonly comments: SalesforceRecord[] = [];
	readonly users: SalesforceRecord[] = [{ Id: '0055g00000OwNeRAAA', Email: 'sam.owner@acme.example', IsActive: true }];
	readonly contacts: SalesforceRecord[] = [];
	readonly seen: Seen[] = [];
	private readonly scripted: Scripted[] = [];
	private counter = 0;

	/** The next request of this method and path gets this answer instead (consumed in order). */
	once(method: string, path: RegExp, status: number, body?: unknown, headers?: Record<string, string>) {
		this.scripted.push({ method, path, status, body, headers });
		return this;
	}

	install() {
		for (const method of ['GET', 'PATCH', 'POST'] as const) {
			const handle = (uri: string, body: unknown, headers: Seen['headers']) => this.handle(method, uri, body, headers);
			nock(INSTANCE)
				.persist()
				.intercept(() => true, method)
				.reply(function (uri, body) {
					return handle(uri, body, this.req.headers);
				});
		}
		return this;
	}

	requests(method: string, path: RegExp) {
		return this.seen.filter((request) => request.method === method && path.test(request.path));
	}

	private handle(method: string, uri: string, body: unknown, headers: Seen['headers']): [number, unknown, Record<string, string>?] {
		const url = new URL(uri, INSTANCE);
		const path = decodeURIComponent(url.pathname);
		this.seen.push({ method, path, query: url.searchParams, body, headers });
		const scripted = this.scripted.findIndex((entry) => entry.method === method && entry.path.test(path));
		if (scripted >= 0) {
			const [entry] = this.scripted.splice(scripted, 1);
			return [entry.status, entry.body ?? '', entry.headers];
		}
		if (!path.startsWith(`${API}/`)) return [404, notFound];
		const route = path.slice(API.length);
		const byKey = /^\/sobjects\/Case\/([A-Za-z0-9_]+__c)\/(.+)$/.exec(route);
		const byId = /^\/sobjects\/Case\/([A-Za-z0-9]{15,18})$/.exec(route);
		if (byKey && method === 'GET') return this.getByKey(byKey[1], byKey[2]);
		if (byKey && method === 'PATCH') return this.upsert(byKey[1], byKey[2], body as SalesforceRecord);
		if (byId && method === 'GET') return this.getById(byId[1], url.searchParams.get('fields'));
		if (byId && method === 'PATCH') return this.update(byId[1], body as SalesforceRecord);
		if (route === '/sobjects/CaseComment' && method === 'POST') return this.comment(body as SalesforceRecord);
		if (route === '/query' && method === 'GET') return this.query(url.searchParams.get('q') ?? '');
		return [404, notFound];
	}

	private matching(field: string, value: string) {
		return [...this.cases.values()].filter((record) => record[field] === value);
	}

	private getByKey(field: string, value: string): [number, unknown] {
		const found = this.matching(field, value);
		if (found.length === 0) return [404, notFound];
		if (found.length > 1) return [300, found.map((record) => `${API}/sobjects/Case/${String(record.Id)}`)];
		return [200, { attributes: { type: 'Case', url: `${API}/sobjects/Case/${String(found[0].Id)}` }, ...found[0] }];
	}

	private getById(id: string, fields: string | null): [number, unknown] {
		const record = this.cases.get(id);
		if (!record) return [404, notFound];
		const wanted = fields ? fields.split(',') : Object.keys(record);
		return [200, { attributes: { type: 'Case', url: `${API}/sobjects/Case/${id}` }, ...Object.fromEntries(wanted.map((name) => [name, record[name] ?? null])) }];
	}

	private upsert(field: string, value: string, body: SalesforceRecord): [number, unknown] {
		if ('Id' in body || field in body) {
			return [400, [{ message: `Unable to create/update fields: ${field}. Please check the security settings of this field.`, errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: [field] }]];
		}
		const found = this.matching(field, value);
		if (found.length > 1) return [300, found.map((record) => `${API}/sobjects/Case/${String(record.Id)}`)];
		if (found.length === 1) {
			this.update(String(found[0].Id), body);
			return [200, { id: found[0].Id, success: true, errors: [], created: false }];
		}
		const id = `500Dn00000DkZ${String(++this.counter).padStart(2, '0')}IAV`;
		this.cases.set(id, {
			Id: id,
			CaseNumber: String(1026 + this.counter).padStart(8, '0'),
			Status: 'New',
			IsClosed: false,
			Priority: 'Medium',
			OwnerId: '0055g00000DeFaULTA',
			CreatedDate: '2026-12-01T09:30:00.000+0000',
			[field]: value,
			...body,
		});
		return [201, { id, success: true, errors: [], created: true }];
	}

	private update(id: string, body: SalesforceRecord): [number, unknown] {
		const record = this.cases.get(id);
		if (!record) return [404, notFound];
		Object.assign(record, body);
		record.IsClosed = CLOSED_STATUSES.has(String(record.Status));
		return [204, ''];
	}

	private comment(body: SalesforceRecord): [number, unknown] {
		if (!this.cases.has(String(body.ParentId))) {
			return [400, [{ message: 'Parent Case: id value of incorrect type', errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['ParentId'] }]];
		}
		this.comments.push(body);
		return [201, { id: `00aDn00000Cm${String(this.comments.length).padStart(4, '0')}AAA`, success: true, errors: [] }];
	}

	private query(soql: string): [number, unknown] {
		const match = /^SELECT Id FROM (User|Contact) WHERE Email = '((?:[^'\\]|\\.)*)'/.exec(soql);
		if (!match) return [400, [{ message: `unexpected query: ${soql}`, errorCode: 'MALFORMED_QUERY' }]];
		const email = match[2].replace(/\\(.)/g, '$1');
		const rows = (match[1] === 'User' ? this.users.filter((user) => user.IsActive) : this.contacts).filter((row) => row.Email === email);
		return [200, { totalSize: rows.length, done: true, records: rows.map((row) => ({ attributes: { type: match[1], url: `${API}/sobjects/${match[1]}/${String(row.Id)}` }, Id: row.Id })) }];
	}
}

let org: FakeOrg;
beforeEach(() => {
	org = new FakeOrg().install();
});
afterEach(() => nock.cleanAll());

/** What Create Case does for one item: find the key; found, revise a higher revision or keep it; else create. */
async function createOnce(api: ApiClient, settings: SalesforceSettings, item: CaseDraft): Promise<{ outcome: string; stored: StoredCase }> {
	const found = await provider.find(api, item.key, settings);
	if (found) {
		if (found.revision !== null && item.revision > found.revision) return { outcome: 'updated', stored: await provider.revise(api, found, item, settings) };
		return { outcome: 'found', stored: found };
	}
	return { outcome: 'created', stored: await provider.create(api, item, settings) };
}

const seedCase = (fields: SalesforceRecord = {}) => {
	const record = {
		Id: '500Dn00000DkZ99IAV',
		CaseNumber: '00001099',
		Subject: 'Detractor (2) — delivery — Dupont',
		Description: 'Owner edited this description',
		Status: 'Working',
		IsClosed: false,
		Priority: 'High',
		OwnerId: '0055g00000OwNeRAAA',
		CreatedDate: '2026-12-01T09:30:00.000+0000',
		Closed_Loop_Key__c: KEY,
		Closed_Loop_Revision__c: 1,
		Closed_Loop_Resume_URL__c: 'https://n8n.example.com/webhook-waiting/42/sla-resume?signature=abc',
		Closed_Loop_Due__c: '2026-12-02T09:30:00.000+0000',
		Closed_Loop_Integrity__c: null,
		...fields,
	};
	org.cases.set(record.Id, record);
	return record;
};

/** An open case as find/get/create hand it back, for the seeded or the drafted case's fields. */
const openCase = (id: string, status: string): StoredCase => ({
	id,
	url: `${INSTANCE}/lightning/r/Case/${id}/view`,
	key: KEY,
	status,
	closed: false,
	providerPriority: 'High',
	dueAt: '2026-12-02T09:30:00.000Z',
	createdAt: '2026-12-01T09:30:00.000Z',
	revision: 1,
	resumeUrl: 'https://n8n.example.com/webhook-waiting/42/sla-resume?signature=abc',
	integrity: [],
});

/* ------------------------------------------------------------------------------------------ */

describe('the credential, as n8n applies it', () => {
	it('extends oAuth2Api like n8n’s own Salesforce credential, with the environment choosing the sign-in host', () => {
		const credential = new ClosedLoopSalesforceOAuth2Api();
		expect(credential.name).toBe('closedLoopSalesforceOAuth2Api');
		expect(credential.extends).toEqual(['oAuth2Api']);
		const defaults = Object.fromEntries(credential.properties.map((property) => [property.name, property.default]));
		expect(defaults.grantType).toBe('pkce');
		expect(String(defaults.authUrl)).toContain('https://test.salesforce.com/services/oauth2/authorize');
		expect(String(defaults.authUrl)).toContain('https://login.salesforce.com/services/oauth2/authorize');
		expect(String(defaults.accessTokenUrl)).toContain('"sandbox" ? "https://test.salesforce.com/services/oauth2/token"');
		expect(credential.test.request.url).toContain('/limits');
	});

	it('its test request reads the org’s limits, at the instance URL and version the calls use', () => {
		const node: INode = { id: 't', name: 'Test', type: 'test.none', typeVersion: 1, position: [0, 0], parameters: {} };
		const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as unknown as INodeTypes;
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const resolve = (value: unknown, values: Record<string, unknown>) =>
			workflow.expression.getSimpleParameterValue(node, value as string, 'internal', { $credentials: values }, undefined, '');
		const { request } = new ClosedLoopSalesforceOAuth2Api().test;
		expect(resolve(request.baseURL, credentials())).toBe(INSTANCE);
		expect(resolve(request.url, credentials())).toBe('/services/data/v62.0/limits');
		const proxied = credentials({ instanceUrl: 'http://127.0.0.1:4010', apiVersion: 'v61.0' });
		expect(resolve(request.baseURL, proxied)).toBe('http://127.0.0.1:4010');
		expect(resolve(request.url, proxied)).toBe('/services/data/v61.0/limits');
	});

	it('sends the stored access token as a Bearer header, to the instance_url Salesforce gave at sign-in', async () => {
		seedCase();
		const { value, error } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(error).toBeUndefined();
		expect(value?.id).toBe('500Dn00000DkZ99IAV');
		expect(org.seen).toHaveLength(1);
		expect(org.seen[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
	});

	it('Instance URL, when filled in, replaces the token’s instance_url (a proxy, a test stand-in)', async () => {
		const scope = nock('http://127.0.0.1:4010', { reqheaders: { authorization: `Bearer ${ACCESS_TOKEN}` } })
			.get(`/services/data/v61.0/sobjects/Case/${'Closed_Loop_Key__c'}/${KEY}`)
			.reply(404, notFound);
		const { value, error } = await run(async (api, settings) => await provider.find(api, KEY, settings), {
			credentials: credentials({ instanceUrl: 'http://127.0.0.1:4010/', apiVersion: 'v61.0' }),
		});
		expect(error).toBeUndefined();
		expect(value).toBeNull();
		expect(scope.isDone()).toBe(true);
	});

	it('without an instance URL, or with a malformed version, the call is refused with what to fix', () => {
		expect(() => provider.apiBaseUrl({ oauthTokenData: {} })).toThrow(/no instance URL: connect it/);
		expect(() => provider.apiBaseUrl({ instanceUrl: 'acme.my.salesforce.com' })).toThrow(/not a URL like https:\/\/acme\.my\.salesforce\.com/);
		expect(() => provider.apiBaseUrl({ oauthTokenData: { instance_url: INSTANCE }, apiVersion: '62' })).toThrow(/API Version "62" is not a version like 62\.0/);
		expect(provider.apiBaseUrl({ oauthTokenData: { instance_url: INSTANCE } })).toBe(`${INSTANCE}/services/data/v62.0`);
	});

	it('a 401 INVALID_SESSION_ID makes n8n refresh the token; the call is repeated with the new one', async () => {
		seedCase();
		org.once('GET', /Closed_Loop_Key__c/, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
		const token = nock('https://login.salesforce.com')
			.post('/services/oauth2/token', (body: Record<string, string>) => body.grant_type === 'refresh_token' && body.refresh_token === REFRESH_TOKEN)
			.reply(200, { access_token: '00D5g000004ExAm!RefreshedToken', instance_url: INSTANCE, token_type: 'Bearer', issued_at: '1764585000000', signature: 'x=' });
		const { value, error, logs } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(error).toBeUndefined();
		expect(value?.id).toBe('500Dn00000DkZ99IAV');
		expect(token.isDone()).toBe(true);
		expect(org.seen.map((request) => request.headers.authorization)).toEqual([`Bearer ${ACCESS_TOKEN}`, 'Bearer 00D5g000004ExAm!RefreshedToken']);
		expectNoSecrets(logs);
	});

	it('a 401 whose refresh Salesforce refuses (invalid_grant) says to reconnect the credential, and is not retryable', async () => {
		org.once('GET', /Closed_Loop_Key__c/, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
		nock('https://login.salesforce.com').post('/services/oauth2/token').reply(400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
		const { error, logs } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(error?.message).toBe(`Salesforce API: GET ${API}/sobjects/Case/Closed_Loop_Key__c/${KEY} failed: the credential needs to be reconnected`);
		expect(error?.description).toMatch(/^Access could not be refreshed/);
		expect(error?.retryable).toBe(false);
		expectNoSecrets(error, logs);
	});
});

describe('find and get', () => {
	it('find reads the case by its key through the External ID field, all of it in our terms', async () => {
		seedCase();
		const { value } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(org.seen[0].path).toBe(`${API}/sobjects/Case/Closed_Loop_Key__c/${KEY}`);
		expect(value).toEqual(openCase('500Dn00000DkZ99IAV', 'Working'));
	});

	it('a key with spaces, slashes or quotes travels encoded in the path', async () => {
		const key = "typeform:form 1/o'brien";
		const { value, error } = await run(async (api, settings) => await provider.find(api, key, settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
		expect(org.seen[0].path).toBe(`${API}/sobjects/Case/Closed_Loop_Key__c/${key}`);
	});

	it('a key Salesforce answers 404 NOT_FOUND for is no case', async () => {
		const { value, error } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(error).toBeUndefined();
		expect(value).toBeNull();
	});

	it('300 (several cases share the key: the field is not Unique) is an error that says how to fix it', async () => {
		seedCase();
		seedCase({ Id: '500Dn00000DkZ98IAV' });
		const { error } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(error?.message).toBe(`Salesforce has several cases with Closed_Loop_Key__c = "${KEY}": tick "Unique" on that field (after merging the duplicates), so one key means one case`);
	});

	it('get reads the case by id with the fields it needs; 404 is null', async () => {
		seedCase({ Status: 'Closed', IsClosed: true, Closed_Loop_Integrity__c: 'resolved-without-two-way-contact;closed-while-pending' });
		const { value } = await run(async (api, settings) => [await provider.get(api, '500Dn00000DkZ99IAV', settings), await provider.get(api, '500Dn00000DkZ00IAV', settings)]);
		expect(org.seen[0].query.get('fields')).toBe(
			'Id,CaseNumber,Status,IsClosed,Priority,CreatedDate,Closed_Loop_Key__c,Closed_Loop_Revision__c,Closed_Loop_Resume_URL__c,Closed_Loop_Due__c,Closed_Loop_Integrity__c',
		);
		expect(value?.[0]).toMatchObject({ status: 'Closed', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(value?.[1]).toBeNull();
	});
});

describe('create', () => {
	it('looks the owner up by email, then upserts the case through the key field, and reads it back', async () => {
		const { value, error } = await run(async (api, settings) => await provider.create(api, draft(), settings));
		expect(error).toBeUndefined();
		const query = org.requests('GET', /\/query$/);
		expect(query.map((request) => request.query.get('q'))).toEqual([
			"SELECT Id FROM User WHERE Email = 'sam.owner@acme.example' AND IsActive = true ORDER BY CreatedDate LIMIT 1",
		]);
		const [upsert] = org.requests('PATCH', /Closed_Loop_Key__c/);
		expect(upsert.path).toBe(`${API}/sobjects/Case/Closed_Loop_Key__c/${KEY}`);
		expect(upsert.body).toEqual({
			Subject: 'Detractor (2) — delivery — Dupont',
			Description: '**Detractor** (2) — checkout\n**Comment:** “Parcel arrived broken”',
			Priority: 'High',
			Status: 'New',
			Origin: 'Web',
			OwnerId: '0055g00000OwNeRAAA',
			SuppliedName: 'Marie Dupont',
			SuppliedEmail: 'marie.dupont@example.com',
			SuppliedPhone: '+33 6 12 34 56 78',
			Closed_Loop_Revision__c: 1,
			Closed_Loop_Resume_URL__c: 'https://n8n.example.com/webhook-waiting/42/sla-resume?signature=abc',
			Closed_Loop_Due__c: '2026-12-02T09:30:00.000Z',
		});
		// The owner is named: the org's assignment rules must not take the case from them.
		expect(upsert.headers['sforce-auto-assign']).toBe('FALSE');
		expect(value).toEqual(openCase('500Dn00000DkZ01IAV', 'New'));
	});

	it('the routing table’s Salesforce user id is used as it is, with no lookup', async () => {
		const item = draft({ assignee: { name: 'Queue', email: null, phone: null, helpdeskUserId: '00G5g000003QuEuEAC' } });
		await run(async (api, settings) => await provider.create(api, item, settings));
		expect(org.requests('GET', /\/query$/)).toHaveLength(0);
		expect(org.requests('PATCH', /Closed_Loop_Key__c/)[0].body).toMatchObject({ OwnerId: '00G5g000003QuEuEAC' });
	});

	it('an owner with no active user there: no OwnerId, the assignment rules route it, and a warning says so', async () => {
		const item = draft({ assignee: { name: 'New Hire', email: 'new.hire@acme.example', phone: null, helpdeskUserId: null } });
		const { value } = await run(async (api, settings) => await provider.create(api, item, settings));
		const [upsert] = org.requests('PATCH', /Closed_Loop_Key__c/);
		expect(upsert.body).not.toHaveProperty('OwnerId');
		expect(upsert.headers['sforce-auto-assign']).toBe('TRUE');
		expect(value?.warnings).toEqual(["No active Salesforce user has the email new.hire@acme.example: the case is left to the org's assignment rules"]);
	});

	it('"Contact by Email" links the one Contact with that email; the email goes into SOQL with its quote escaped', async () => {
		org.contacts.push({ Id: '0035g00000CoNtAAAB', Email: "o'brien@example.com" });
		const item = draft({ requester: { name: "Pat O'Brien", email: "o'brien@example.com", phone: null }, assignee: null });
		await run(async (api, settings) => await provider.create(api, item, settings), { parameters: { ...FIELDS, salesforceRequester: 'contactByEmail' } });
		expect(org.requests('GET', /\/query$/).map((request) => request.query.get('q'))).toEqual(["SELECT Id FROM Contact WHERE Email = 'o\\'brien@example.com' LIMIT 2"]);
		expect(org.requests('PATCH', /Closed_Loop_Key__c/)[0].body).toMatchObject({ ContactId: '0035g00000CoNtAAAB', SuppliedEmail: "o'brien@example.com" });
	});

	it('with no resume-link field the link is not stored, and the case says so', async () => {
		const { value } = await run(async (api, settings) => await provider.create(api, draft({ assignee: null }), settings), {
			parameters: { salesforceRevisionField: 'Closed_Loop_Revision__c' },
		});
		expect(org.requests('PATCH', /Closed_Loop_Key__c/)[0].body).not.toHaveProperty('Closed_Loop_Resume_URL__c');
		expect(value?.resumeUrl).toBeNull();
		expect(value?.warnings).toEqual(['The SLA resume link is not stored on the case (no Resume Link Field): closing the case will not resume the SLA wait']);
	});

	it('a 404 on the upsert (no such External ID field) names the call, Salesforce’s words and the field to check', async () => {
		org.once('PATCH', /Closed_Loop_Key__c/, 404, notFound);
		const { error, logs } = await run(async (api, settings) => await provider.create(api, draft({ assignee: null }), settings));
		expect(error?.message).toBe(`Salesforce API: PATCH ${API}/sobjects/Case/Closed_Loop_Key__c/${KEY} failed with HTTP 404`);
		expect(error?.description).toBe(
			'The requested resource does not exist (NOT_FOUND): check that Case has the field Closed_Loop_Key__c, marked External ID, and that this user can edit it (or the key ends in a dot and a file-type-like word, e.g. .inc, which a Salesforce URL cannot carry)',
		);
		expectNoSecrets(error, logs);
	});

	it('a 400 validation error (REQUIRED_FIELD_MISSING) names the call and Salesforce’s message, and is not retried', async () => {
		org.once('PATCH', /Closed_Loop_Key__c/, 400, [{ message: 'Required fields are missing: [Product__c]', errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Product__c'] }]);
		const { error, logs } = await run(async (api, settings) => await provider.create(api, draft({ assignee: null }), settings));
		expect(error?.message).toBe(`Salesforce API: PATCH ${API}/sobjects/Case/Closed_Loop_Key__c/${KEY} failed with HTTP 400`);
		expect(error?.description).toBe('Required fields are missing: [Product__c] (REQUIRED_FIELD_MISSING)');
		expect(error?.retryable).toBe(false);
		expect(org.requests('PATCH', /Closed_Loop_Key__c/)).toHaveLength(1);
		expectNoSecrets(error, logs);
	});

	it('a 503 on the upsert is retried: the same upsert cannot open a second case', async () => {
		org.once('PATCH', /Closed_Loop_Key__c/, 503, [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
		const { value, error } = await run(async (api, settings) => await provider.create(api, draft({ assignee: null }), settings));
		expect(error).toBeUndefined();
		expect(org.requests('PATCH', /Closed_Loop_Key__c/)).toHaveLength(2);
		expect(org.cases.size).toBe(1);
		expect(value?.id).toBe('500Dn00000DkZ01IAV');
	});
});

describe('idempotency and concurrency', () => {
	it('a second run of the same key finds the case and changes nothing on it', async () => {
		const { value } = await run(async (api, settings) => [await createOnce(api, settings, draft()), await createOnce(api, settings, draft())]);
		expect(value?.map((result) => result.outcome)).toEqual(['created', 'found']);
		expect(value?.[1].stored.id).toBe(value?.[0].stored.id);
		expect(org.cases.size).toBe(1);
		expect(org.requests('PATCH', /./)).toHaveLength(1);
	});

	it('an owner’s edits survive a second run: Create never upserts over a case it found', async () => {
		seedCase();
		const { value } = await run(async (api, settings) => await createOnce(api, settings, draft()));
		expect(value?.outcome).toBe('found');
		expect(org.requests('PATCH', /./)).toHaveLength(0);
		expect(org.cases.get('500Dn00000DkZ99IAV')?.Description).toBe('Owner edited this description');
	});

	it('two runs of one key at the same moment: both miss it, both upsert, Salesforce puts the second on the first case', async () => {
		const { value, error } = await run(async (api, settings) => await Promise.all([createOnce(api, settings, draft()), createOnce(api, settings, draft())]));
		expect(error).toBeUndefined();
		expect(org.cases.size).toBe(1);
		expect(org.requests('GET', /Closed_Loop_Key__c/)).toHaveLength(2);
		expect(org.requests('PATCH', /Closed_Loop_Key__c/)).toHaveLength(2);
		const [first, second] = value ?? [];
		expect(first?.stored.id).toMatch(/^500/);
		expect(second?.stored.id).toBe(first?.stored.id);
		// The second upsert rewrote the same draft's fields on that case, and says so.
		expect([first?.stored.warnings, second?.stored.warnings]).toContainEqual([
			"The case with this key already stood when this run's upsert reached Salesforce (a concurrent run, or a retried call of this one): the upsert updated it instead of opening a second",
		]);
	});

	it('when both inserts race inside Salesforce, the unique index refuses one (DUPLICATE_VALUE): that run returns the case that won', async () => {
		seedCase({ Id: '500Dn00000DkZ77IAV', Description: 'opened by the other run' });
		org.once('GET', /Closed_Loop_Key__c/, 404, notFound);
		org.once('PATCH', /Closed_Loop_Key__c/, 400, [
			{ message: 'duplicate value found: Closed_Loop_Key__c duplicates value on record with id: 500Dn00000DkZ77IAV', errorCode: 'DUPLICATE_VALUE', fields: [] },
		]);
		const { value, error } = await run(async (api, settings) => await createOnce(api, settings, draft()));
		expect(error).toBeUndefined();
		expect(value?.stored.id).toBe('500Dn00000DkZ77IAV');
		expect(org.cases.size).toBe(1);
		expect(org.cases.get('500Dn00000DkZ77IAV')?.Description).toBe('opened by the other run');
	});
});

describe('revise, close, add note', () => {
	it('revise replaces the description and priority, records the revision, and leaves a private comment of it', async () => {
		seedCase();
		const item = draft({ revision: 2, providerPriority: 'Medium', priority: 'P3', description: 'Revised: the parcel was replaced' });
		const { value } = await run(async (api, settings) => await createOnce(api, settings, item));
		expect(value?.outcome).toBe('updated');
		const [update] = org.requests('PATCH', /\/sobjects\/Case\/500/);
		expect(update.body).toEqual({ Subject: item.subject, Description: 'Revised: the parcel was replaced', Priority: 'Medium', Closed_Loop_Revision__c: 2 });
		expect(update.headers['sforce-auto-assign']).toBe('FALSE');
		expect(org.comments).toEqual([
			{ ParentId: '500Dn00000DkZ99IAV', CommentBody: 'Response revised (revision 2, after 1). New description:\n\nRevised: the parcel was replaced', IsPublished: false },
		]);
		expect(value?.stored).toMatchObject({ revision: 2, providerPriority: 'Medium' });
		// The same revision again is a no-op.
		const again = await run(async (api, settings) => await createOnce(api, settings, item));
		expect(again.value?.outcome).toBe('found');
		expect(org.comments).toHaveLength(1);
	});

	it('without a revision field, a revision only replaces the description (repeatable), with no comment, and says so', async () => {
		seedCase({ Closed_Loop_Revision__c: undefined });
		const item = draft({ revision: 2, description: 'Revised: the parcel was replaced' });
		const { value } = await run(async (api, settings) => await provider.revise(api, (await provider.find(api, KEY, settings)) as StoredCase, item, settings), {
			parameters: { salesforceResumeUrlField: 'Closed_Loop_Resume_URL__c' },
		});
		expect(org.requests('PATCH', /\/sobjects\/Case\/500/)[0].body).toEqual({ Subject: item.subject, Description: 'Revised: the parcel was replaced', Priority: 'High' });
		expect(org.comments).toHaveLength(0);
		expect(value?.revision).toBeNull();
		expect(value?.warnings).toEqual(['The revision is not recorded on the case (no Revision Field): each run of this revision updates the case again, without a comment']);
	});

	it('close sets the close status, the root cause and the integrity flags, adds the close note, and reads the case back', async () => {
		seedCase();
		const record = closeRecord(
			{ twoWayContact: false, resolved: true, rootCause: 'delivery', actionTaken: 'Sent a replacement', notes: 'TBC, waiting for the customer' },
			{ flags: ['resolved-without-two-way-contact', 'closed-while-pending'], reasons: ['no two-way contact', 'notes say pending'] },
			{ language: 'en', rootCauses: DEFAULT_ROOT_CAUSES, closedAt: new Date('2026-12-03T10:00:00Z') },
		);
		const { value, error } = await run(async (api, settings) => {
			const stored = await provider.find(api, KEY, settings);
			return await provider.close(api, stored as StoredCase, record, settings);
		});
		expect(error).toBeUndefined();
		const [update] = org.requests('PATCH', /\/sobjects\/Case\/500/);
		expect(update.body).toEqual({
			Status: 'Closed',
			Root_Cause__c: 'Late, lost or damaged delivery',
			Closed_Loop_Integrity__c: 'resolved-without-two-way-contact;closed-while-pending',
		});
		expect(update.headers['sforce-auto-assign']).toBe('FALSE');
		expect(org.comments).toEqual([{ ParentId: '500Dn00000DkZ99IAV', CommentBody: record.note, IsPublished: false }]);
		expect(value).toMatchObject({ status: 'Closed', closed: true, integrity: ['resolved-without-two-way-contact', 'closed-while-pending'] });
		expect(value?.warnings).toBeUndefined();
	});

	it('a close status that is not closed in the org is reported, not taken for a close', async () => {
		seedCase();
		const record = closeRecord(
			{ twoWayContact: true, resolved: true, rootCause: null, actionTaken: null, notes: null },
			{ flags: [], reasons: [] },
			{ language: 'fr', rootCauses: DEFAULT_ROOT_CAUSES, closedAt: new Date('2026-12-03T10:00:00Z') },
		);
		const { value } = await run(
			async (api, settings) => await provider.close(api, (await provider.get(api, '500Dn00000DkZ99IAV', settings)) as StoredCase, record, settings),
			{ parameters: { salesforceCloseStatus: 'Resolved' } },
		);
		expect(org.requests('PATCH', /\/sobjects\/Case\/500/)[0].body).toEqual({ Status: 'Resolved' });
		expect(value).toMatchObject({ status: 'Resolved', closed: false, integrity: [] });
		expect(value?.warnings).toEqual(['Status "Resolved" did not close the case in Salesforce (it is not a closed status there): check Close Status']);
	});

	it('add note posts a private Case Comment', async () => {
		const stored = seedCase();
		const { value, error } = await run(async (api, settings) => {
			const found = (await provider.find(api, KEY, settings)) as StoredCase;
			return await provider.addNote(api, found, { text: 'Called the customer: no answer, left a voicemail', at: '2026-12-02T08:00:00Z' }, settings);
		});
		expect(error).toBeUndefined();
		expect(value?.id).toBe(stored.Id);
		expect(org.requests('POST', /CaseComment/)[0].body).toEqual({ ParentId: stored.Id, CommentBody: 'Called the customer: no answer, left a voicemail', IsPublished: false });
	});
});

describe('faults', () => {
	it('429 with Retry-After is waited for, then the call succeeds', async () => {
		seedCase();
		org.once('GET', /Closed_Loop_Key__c/, 429, [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], { 'Retry-After': '1' });
		const started = Date.now();
		const { value, error } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(error).toBeUndefined();
		expect(value?.id).toBe('500Dn00000DkZ99IAV');
		expect(org.requests('GET', /Closed_Loop_Key__c/)).toHaveLength(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
	});

	it('a 5xx on a read is retried', async () => {
		seedCase();
		org.once('GET', /\/sobjects\/Case\/500/, 503, [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]);
		const { value } = await run(async (api, settings) => await provider.get(api, '500Dn00000DkZ99IAV', settings));
		expect(value?.id).toBe('500Dn00000DkZ99IAV');
		expect(org.requests('GET', /\/sobjects\/Case\/500/)).toHaveLength(2);
	});

	it('a comment POST is not repeated on a 5xx: it may have been saved', async () => {
		const stored = seedCase();
		org.once('POST', /CaseComment/, 500, [{ message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678', errorCode: 'UNKNOWN_EXCEPTION' }]);
		const { error, logs } = await run(async (api, settings) => {
			const found = (await provider.find(api, KEY, settings)) as StoredCase;
			return await provider.addNote(api, found, { text: 'note', at: '2026-12-02T08:00:00Z' }, settings);
		});
		expect(org.requests('POST', /CaseComment/)).toHaveLength(1);
		expect(error?.message).toBe(
			`Salesforce API: POST ${API}/sobjects/CaseComment failed with HTTP 500 (not retried: a POST without an idempotency key could be performed twice)`,
		);
		expect(error?.description).toContain('UNKNOWN_EXCEPTION');
		expect(error?.retryable).toBe(true);
		expect(stored.Id).toBeDefined();
		expectNoSecrets(error, logs);
	});

	it('403 REQUEST_LIMIT_EXCEEDED (the org’s 24-hour API allowance) is not retried now, but marked retryable for later', async () => {
		org.once('GET', /Closed_Loop_Key__c/, 403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
		const { error, logs } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(org.seen).toHaveLength(1);
		expect(error?.message).toBe(`Salesforce API: GET ${API}/sobjects/Case/Closed_Loop_Key__c/${KEY} failed with HTTP 403`);
		expect(error?.description).toBe('TotalRequests Limit exceeded. (REQUEST_LIMIT_EXCEEDED)');
		expect(error?.retryable).toBe(true);
		expectNoSecrets(error, logs);
	});

	it('another 403 (no access to Case) stays not retryable', async () => {
		org.once('GET', /Closed_Loop_Key__c/, 403, [{ message: 'Insufficient access rights on object id', errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' }]);
		const { error } = await run(async (api, settings) => await provider.find(api, KEY, settings));
		expect(error?.retryable).toBe(false);
	});
});

describe('settings and helpers', () => {
	it('field names are API names; anything else is refused naming the setting', async () => {
		const { error } = await run(async () => null, { parameters: { salesforceExternalIdField: "Key__c' OR Id != '" } });
		expect(error?.message).toBe(`Salesforce Case Key Field "Key__c' OR Id != '" is not a field API name (letters, digits and underscores, e.g. Closed_Loop_Key__c)`);
		const empty = await run(async () => null, { parameters: { salesforceExternalIdField: '  ' } });
		expect(empty.error?.message).toBe('Salesforce Case Key Field is empty: give the API name of the Case field, e.g. Closed_Loop_Key__c');
	});

	it('every editor field is this provider’s own, prefixed and shown for it only', () => {
		for (const property of provider.properties) {
			expect(property.name).toMatch(/^salesforce[A-Z]/);
			expect(property.displayOptions?.show?.provider).toEqual(['salesforce']);
		}
	});

	it('SOQL strings escape quotes, backslashes and line breaks', () => {
		expect(soqlString("o'brien\\x\n\"y\"")).toBe("'o\\'brien\\\\x\\n\\\"y\\\"'");
	});

	it('Salesforce date-times become ISO 8601; a comment over 4,000 bytes is cut at a character and marked', () => {
		expect(salesforceDateTime('2026-12-01T09:30:00.000+0100')).toBe('2026-12-01T08:30:00.000Z');
		expect(salesforceDateTime('')).toBeNull();
		const long = commentBody('é'.repeat(3000));
		expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(4000);
		expect(long.endsWith(' […]')).toBe(true);
		expect(commentBody('short')).toBe('short');
	});
});

describe('through the Create Case node', () => {
	const classifiedResponse = (revision: number) => ({
		feedback: {
			id: KEY,
			revision,
			source: 'custom-json',
			touchpoint: 'delivery',
			submittedAt: '2026-11-24T16:05:00.000Z',
			locale: 'en',
			respondent: { customerId: 'C-1001', email: 'marie.dupont@example.com', name: 'Marie Dupont', phone: null },
			metrics: [{ type: 'nps', score: 2, scaleMin: 0, scaleMax: 10 }],
			comment: 'My parcel arrived a week late and nobody answered',
		},
	});
	const workflow = chain(
		{ name: 'Score & Classify', type: 'scoreClassify' },
		{
			name: 'Create Case',
			type: 'createCase',
			parameters: { provider: 'salesforce', operation: 'create', dueDate: 'none', ...FIELDS },
			credentials: { closedLoopSalesforceOAuth2Api: { id: 'sf-1', name: 'Salesforce' } },
		},
	);
	const runNode = async (revision: number) =>
		await runWithItems(workflow, {
			node: 'Score & Classify',
			items: [classifiedResponse(revision)],
			credentials: { closedLoopSalesforceOAuth2Api: credentials() },
		});

	it('opens one Salesforce case, finds it on a second run, and revises it on a newer revision', async () => {
		const first = await runNode(1);
		expect(first.error).toBeUndefined();
		const [opened] = first.json('Create Case');
		expect(opened.case).toMatchObject({
			provider: 'salesforce',
			id: '500Dn00000DkZ01IAV',
			url: `${INSTANCE}/lightning/r/Case/500Dn00000DkZ01IAV/view`,
			key: KEY,
			status: 'New',
			outcome: 'created',
			revision: 1,
		});
		expect(org.requests('PATCH', /Closed_Loop_Key__c/)[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

		const again = await runNode(1);
		expect(again.json('Create Case')[0].case).toMatchObject({ id: '500Dn00000DkZ01IAV', outcome: 'found' });
		const revised = await runNode(2);
		expect(revised.json('Create Case')[0].case).toMatchObject({ id: '500Dn00000DkZ01IAV', outcome: 'updated', revision: 2 });
		expect(org.cases.size).toBe(1);
		expect(org.comments).toHaveLength(1);
		expectNoSecrets(first.json('Create Case'), revised.json('Create Case'), first.logs);
	});
});

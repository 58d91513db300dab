/**
 * Create Case with the HubSpot provider, through the node itself in n8n's engine: the provider is in the node's
 * list, its fields and credential are the node's, and a repeated delivery finds the ticket the first opened.
 */
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { chain, runWithItems } from './harness';

const API = 'https://api.hubapi.com';
const ACCESS = 'pat-eu1-99999999-8888-7777-6666-555555555555';
const CREATE_CASE = 'Create Case';

afterEach(() => nock.cleanAll());

const detractor: IDataObject = {
	feedback: {
		id: 'r-77',
		revision: 1,
		source: 'custom-json',
		touchpoint: 'delivery',
		submittedAt: '2026-11-24T16:05:00.000Z',
		locale: 'en',
		respondent: { email: 'jane.doe@example.com', name: 'Jane Doe' },
		metrics: [{ type: 'nps', score: 2, scaleMin: 0, scaleMax: 10 }],
		comment: 'My parcel arrived a week late and nobody answered',
	},
};

const workflow = chain({
	name: CREATE_CASE,
	type: 'createCase',
	parameters: { provider: 'hubspot', operation: 'create', dueDate: 'none', hubspotPortalId: '123456' },
	credentials: { closedLoopHubspotApi: { id: '1', name: 'HubSpot' } },
});

it('opens one HubSpot ticket for a response, and a repeated delivery finds it', async () => {
	let opened: Record<string, string> | null = null;
	let posts = 0;
	nock(API, { reqheaders: { authorization: `Bearer ${ACCESS}` } })
		.persist()
		.get('/crm/v3/objects/tickets/r-77')
		.query((query) => query.idProperty === 'closed_loop_case_key')
		.reply(() =>
			opened
				? [200, { id: '512', properties: { ...opened, createdate: '2026-11-24T16:05:09.000Z' }, createdAt: '2026-11-24T16:05:09.000Z', archived: false }]
				: [404, { status: 'error', message: 'resource not found', correlationId: 'c1' }],
		)
		.get('/crm/v3/objects/contacts/jane.doe%40example.com')
		.query({ idProperty: 'email' })
		.reply(200, { id: '901', properties: { email: 'jane.doe@example.com' }, archived: false })
		.post('/crm/v3/objects/tickets')
		.reply((_uri, body) => {
			posts += 1;
			opened = (body as { properties: Record<string, string> }).properties;
			return [201, { id: '512', properties: { ...opened, createdate: '2026-11-24T16:05:09.000Z' }, createdAt: '2026-11-24T16:05:09.000Z', archived: false }];
		});
	const deliver = async () => {
		const result = await runWithItems(workflow, { node: CREATE_CASE, items: [detractor], credentials: { closedLoopHubspotApi: { accessToken: ACCESS, baseUrl: API } } });
		expect(result.error).toBeUndefined();
		expect(JSON.stringify(result.logs)).not.toContain(ACCESS);
		const [cases = [], errors = []] = result.outputs(CREATE_CASE);
		expect(errors).toEqual([]);
		return cases.map((item) => item.json.case as IDataObject);
	};

	const [first] = await deliver();
	const [second] = await deliver();

	expect(opened).toMatchObject({ closed_loop_case_key: 'r-77', closed_loop_revision: '1', hs_pipeline: '0', hs_pipeline_stage: '1' });
	expect(first).toMatchObject({
		provider: 'hubspot',
		id: '512',
		url: 'https://app.hubspot.com/contacts/123456/record/0-5/512',
		key: 'r-77',
		status: '1',
		closed: false,
		revision: 1,
		outcome: 'created',
	});
	expect(second).toMatchObject({ id: '512', outcome: 'found' });
	expect(posts).toBe(1);
});

import type { IDataObject, INodeExecutionData, INodeParameters, IPairedItemData } from 'n8n-workflow';

import { forgetCooldownScope } from '../../nodes/AlertRule/cooldownStore';
import type { NodeSpec, RunOptions, WorkflowJson } from './harness';
import { chain, runWithItems } from './harness';

const CLASSIFY = 'Score & Classify';
const ALERT = 'Alert Rule';

let workflowCounter = 0;

interface ResponseOptions {
	id?: string;
	score?: number;
	comment?: string | null;
	email?: string | null;
	customerId?: string | null;
	store?: string;
	touchpoint?: string;
	revision?: number;
	locale?: string;
	name?: string;
	phone?: string;
	event?: string;
}

function response(options: ResponseOptions = {}): IDataObject {
	return {
		feedback: {
			id: options.id ?? 'r-1',
			revision: options.revision ?? 1,
			...(options.event ? { event: options.event } : {}),
			source: 'custom-json',
			touchpoint: options.touchpoint ?? 'delivery',
			submittedAt: '2026-11-24T16:05:00.000Z',
			locale: options.locale ?? 'en',
			respondent: {
				customerId: options.customerId === undefined ? null : options.customerId,
				email: options.email === undefined ? 'jane.doe@example.com' : options.email,
				name: options.name ?? 'Jane Doe',
				phone: options.phone ?? '+33 6 12 34 56 78',
			},
			metrics: [{ type: 'nps', score: options.score ?? 2, scaleMin: 0, scaleMax: 10 }],
			comment: options.comment === undefined ? 'My parcel arrived a week late and nobody answered' : options.comment,
			hidden: { store: options.store ?? 'Lyon' },
		},
	};
}

const DETRACTOR_RULE = { name: 'Detractor', when: { conditions: [{ field: 'classification.category', operator: 'equals', value: 'detractor' }] } };
const LATE_DELIVERY_RULE = {
	name: 'Late delivery',
	owner: { name: 'Delivery desk', email: 'delivery@example.com' },
	when: {
		combine: 'all',
		conditions: [
			{ field: 'classification.category', operator: 'equals', value: 'detractor' },
			{ combine: 'any', conditions: [{ operator: 'hasTopic', value: 'delivery' }, { field: 'feedback.comment', operator: 'contains', value: 'retard' }] },
		],
	},
};

const ROUTES = [
	{ value: 'Lyon', ownerName: 'Claire Martin', ownerEmail: 'claire.martin@example.com', coachName: 'Paul Girard', coachEmail: 'paul.girard@example.com' },
	{ value: 'Paris, Île-de-France', ownerName: 'Hugo Petit', ownerEmail: 'hugo.petit@example.com' },
];

function alertParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		rulesInput: 'json',
		rulesJson: JSON.stringify({ match: 'first', rules: [DETRACTOR_RULE] }),
		routingInput: 'json',
		routingField: 'feedback.hidden.store',
		routesJson: JSON.stringify(ROUTES),
		cooldownHours: 24,
		...overrides,
	};
}

function alertWorkflow(parameters: INodeParameters = {}, settings: Partial<NodeSpec> = {}): WorkflowJson {
	const workflow = chain({ name: CLASSIFY, type: 'scoreClassify' }, { name: ALERT, type: 'alertRule', parameters: alertParameters(parameters), ...settings });
	workflow.id = `alert-rule-test-${++workflowCounter}`;
	return workflow;
}

async function run(workflow: WorkflowJson, items: IDataObject[], options: RunOptions = {}) {
	const result = await runWithItems(workflow, { node: CLASSIFY, items, ...options });
	const [alerts = [], noAlerts = [], suppressed = []] = result.outputs(ALERT);
	const json = (list: INodeExecutionData[]) => list.map((item) => item.json);
	return { result, alerts: json(alerts), noAlerts: json(noAlerts), suppressed: json(suppressed), outputs: result.outputs(ALERT) };
}

type AlertJson = IDataObject & {
	outcome: string;
	rule: string | null;
	owner: IDataObject | null;
	coach: IDataObject | null;
	reason: string;
	reasons: string[];
	route: string | null;
	message: IDataObject & { text: string; html: string; subject: string; shared: IDataObject & { text: string } };
	earlierAlertAt: string | null;
	revision: number;
	at: string;
	key: string | null;
};
const alertOf = (item: IDataObject) => item.alert as AlertJson;

describe('Alert Rule in the n8n engine', () => {
	describe('routing', () => {
		it('alerts the owner and coach of the response’s store, with the matched condition and its value', async () => {
			const { alerts, noAlerts, suppressed } = await run(alertWorkflow(), [response()]);

			expect(noAlerts).toEqual([]);
			expect(suppressed).toEqual([]);
			expect(alerts).toHaveLength(1);
			const alert = alertOf(alerts[0]);
			expect(alert).toMatchObject({
				outcome: 'alert',
				rule: 'Detractor',
				owner: { name: 'Claire Martin', email: 'claire.martin@example.com' },
				coach: { name: 'Paul Girard', email: 'paul.girard@example.com' },
				route: 'feedback.hidden.store is "Lyon"',
				revision: 1,
			});
			expect(alert.reasons).toEqual(['classification.category equals "detractor" (it is "detractor")']);
			expect(alert.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			expect(alert.key).toMatch(/^[\w-]+$/);
			// The key is hashed: the customer's email is no part of it.
			expect(alert.key).not.toContain('jane');
			// The item keeps what came before.
			expect(alerts[0].feedback).toMatchObject({ id: 'r-1' });
			expect(alerts[0].classification).toMatchObject({ category: 'detractor' });
		});

		it('matches route values whatever their accents, case and spacing, and lists several values per route', async () => {
			const { alerts } = await run(alertWorkflow({ cooldownHours: 0 }), [response({ store: '  ile-de-france ' }), response({ id: 'r-2', store: 'PARIS' })]);

			expect(alerts.map((item) => alertOf(item).owner?.name)).toEqual(['Hugo Petit', 'Hugo Petit']);
		});

		it('falls back on the default owner, and says so', async () => {
			const workflow = alertWorkflow({ defaultOwner: { name: 'CX desk', email: 'cx@example.com' }, defaultCoach: { name: 'Head of CX', email: 'head@example.com' } });
			const { alerts } = await run(workflow, [response({ store: 'Marseille' })]);

			expect(alertOf(alerts[0])).toMatchObject({
				owner: { name: 'CX desk' },
				coach: { name: 'Head of CX' },
				route: 'no route for feedback.hidden.store "Marseille": the default owner',
			});
		});

		it('sends a response routed to nobody to No Alert with the reason, never dropping it', async () => {
			const { alerts, noAlerts, outputs } = await run(alertWorkflow(), [response({ store: 'Marseille' })]);

			expect(alerts).toEqual([]);
			expect(noAlerts).toHaveLength(1);
			expect(alertOf(noAlerts[0])).toMatchObject({ outcome: 'noAlert', rule: 'Detractor', owner: null, message: null });
			expect(alertOf(noAlerts[0]).reason).toBe(
				'Rule "Detractor" matched. Routed to nobody: no route for feedback.hidden.store "Marseille", and no default owner is set',
			);
			expect((outputs[1][0].pairedItem as IPairedItemData).item).toBe(0);
		});

		it('reads the table from an expression over a Data Table’s rows, in snake_case columns', async () => {
			const rows = [{ id: 1, store: 'Lyon', owner_name: 'Claire Martin', owner_email: 'claire.martin@example.com', owner_helpdesk_user_id: '3141' }];
			const workflow = alertWorkflow({ routesJson: `={{ ${JSON.stringify(rows)} }}`, routingValueColumn: 'store' });
			const { alerts } = await run(workflow, [response()]);

			expect(alertOf(alerts[0]).owner).toEqual({ name: 'Claire Martin', email: 'claire.martin@example.com', phone: null, helpdeskUserId: '3141' });
		});

		it('takes routes typed in the editor', async () => {
			const workflow = alertWorkflow({
				routingInput: 'editor',
				routes: { route: [{ value: 'Lyon', ownerName: 'Claire Martin', ownerEmail: 'claire.martin@example.com', ownerPhone: '', coachName: '', coachEmail: '' }] },
			});
			const { alerts } = await run(workflow, [response()]);

			expect(alertOf(alerts[0])).toMatchObject({ owner: { name: 'Claire Martin' }, coach: null });
		});

		it('alerts the owner a rule names itself, before the routing table', async () => {
			const workflow = alertWorkflow({ rulesJson: JSON.stringify([LATE_DELIVERY_RULE, DETRACTOR_RULE]) });
			const { alerts } = await run(workflow, [response({ comment: 'Livraison en retard de trois jours', locale: 'fr' })]);

			expect(alertOf(alerts[0])).toMatchObject({ rule: 'Late delivery', owner: { name: 'Delivery desk' }, route: 'rule "Late delivery" names its owner' });
			expect(alertOf(alerts[0]).reasons).toEqual(expect.arrayContaining([expect.stringContaining('retard')]));
			// French feedback, French message.
			expect(alertOf(alerts[0]).message.text).toMatch(/Détracteur|détracteur/);
		});

		it('in "all matching rules", alerts each matching rule’s owner once, under one cooldown decision', async () => {
			const workflow = alertWorkflow({ match: 'all', rulesJson: JSON.stringify([LATE_DELIVERY_RULE, DETRACTOR_RULE]) });
			const first = await run(workflow, [response()]);
			const second = await run(workflow, [response({ id: 'r-2' })]);

			expect(first.alerts.map((item) => [alertOf(item).rule, alertOf(item).owner?.name])).toEqual([
				['Late delivery', 'Delivery desk'],
				['Detractor', 'Claire Martin'],
			]);
			expect(second.alerts).toEqual([]);
			expect(second.suppressed.map((item) => alertOf(item).rule)).toEqual(['Late delivery', 'Detractor']);
		});
	});

	describe('rules', () => {
		it('applies Alert On to pasted rules that set no "match" of their own, and lets one that does decide', async () => {
			const rules = [LATE_DELIVERY_RULE, DETRACTOR_RULE];
			const byParameter = await run(alertWorkflow({ match: 'all', cooldownHours: 0, rulesJson: JSON.stringify({ rules }) }), [response()]);
			const byJson = await run(alertWorkflow({ match: 'all', cooldownHours: 0, rulesJson: JSON.stringify({ match: 'first', rules }) }), [response()]);

			expect(byParameter.alerts.map((item) => alertOf(item).rule)).toEqual(['Late delivery', 'Detractor']);
			expect(byJson.alerts.map((item) => alertOf(item).rule)).toEqual(['Late delivery']);
		});

		it('sends a response no rule matches to No Alert, saying which condition failed', async () => {
			const { alerts, noAlerts } = await run(alertWorkflow(), [response({ score: 9, comment: 'Great service' })]);

			expect(alerts).toEqual([]);
			expect(alertOf(noAlerts[0]).reason).toBe('No rule matched: rule 1 "Detractor": classification.category equals "detractor" is not met (it is "promoter")');
		});

		it('builds rules from the editor: all of one list, and any of the other', async () => {
			const rules = {
				rule: [
					{
						name: 'Late detractor',
						all: { condition: [{ field: 'classification.category', operator: 'equals', value: 'detractor' }] },
						any: { condition: [{ field: 'feedback.comment', operator: 'contains', value: 'LATE' }, { field: 'feedback.touchpoint', operator: 'inList', value: 'store, web' }] },
						ownerSource: 'rule',
						ownerName: 'Delivery desk',
						ownerEmail: 'delivery@example.com',
					},
				],
			};
			const workflow = alertWorkflow({ rulesInput: 'editor', rules, cooldownHours: 0 });
			const { alerts, noAlerts } = await run(workflow, [response(), response({ id: 'r-2', comment: 'Rude driver' })]);

			expect(alerts.map((item) => alertOf(item).owner?.name)).toEqual(['Delivery desk']);
			expect(alertOf(alerts[0]).reasons).toEqual([
				'classification.category equals "detractor" (it is "detractor")',
				expect.stringContaining('feedback.comment contains "LATE"'),
			]);
			expect(alertOf(noAlerts[0]).reason).toContain('none of its "any" conditions held');
		});

		it.each([
			[
				'an unknown operator',
				[{ name: 'Detractor', when: { conditions: [{ field: 'classification.category', operator: 'is', value: 'detractor' }] } }],
				'Rule 1 "Detractor": when.conditions[0].operator must be one of',
			],
			[
				'a catastrophic regex',
				[DETRACTOR_RULE, { name: 'Refund', when: { conditions: [{ field: 'feedback.comment', operator: 'matchesRegex', value: '(a+)+$' }] } }],
				'Rule 2 "Refund": when.conditions[0].value',
			],
			['a rule without a name', [{ when: { conditions: [{ field: 'feedback.comment', operator: 'isEmpty' }] } }], 'Rule 1: name is required'],
			[
				'an owner without a way to reach them',
				[{ ...DETRACTOR_RULE, owner: { name: 'Delivery desk' } }],
				'Rule 1 "Detractor", owner: Delivery desk needs an email, a phone or a helpdesk user id',
			],
		])('fails on the first item for %s, naming the rule and the field', async (_case, rules, message) => {
			const { result, alerts } = await run(alertWorkflow({ rulesJson: JSON.stringify(rules) }), [response(), response({ id: 'r-2' })]);

			expect(result.error?.name).toBe('NodeOperationError');
			expect(result.error?.message).toContain(message);
			expect(result.error?.context).toMatchObject({ itemIndex: 0 });
			expect(alerts).toEqual([]);
		});

		it('with On Error "Continue (using error output)", an invalid rule set sends every response to the error output', async () => {
			const workflow = alertWorkflow({ rulesJson: '{"rules": [' }, { onError: 'continueErrorOutput' });
			const { result, outputs } = await run(workflow, [response(), response({ id: 'r-2' })]);

			expect(result.error).toBeUndefined();
			expect(outputs.slice(0, 3).flat()).toEqual([]);
			expect(outputs[3].map((item) => item.json.error)).toEqual(['The rules are not valid JSON', 'The rules are not valid JSON']);
			expect(outputs[3].map((item) => (item.pairedItem as IPairedItemData).item)).toEqual([0, 1]);
		});

		it('fails one item that is not a closed-loop response, and decides the others', async () => {
			const workflow = alertWorkflow({ cooldownHours: 0 }, { onError: 'continueRegularOutput' });
			const result = await runWithItems(workflow, { node: ALERT, items: [{ orderId: 'O-1' }, { ...response(), classification: { category: 'detractor', metrics: [], reasons: [] } }] });
			const [alerts] = result.outputs(ALERT);

			expect(alerts).toHaveLength(2);
			expect(alerts[0].json).toMatchObject({ orderId: 'O-1', error: expect.stringContaining('"feedback"') });
			expect(alertOf(alerts[1].json).outcome).toBe('alert');
		});

		it('does not alert on a consent withdrawal', async () => {
			const { noAlerts } = await run(alertWorkflow(), [response({ event: 'consentWithdrawal' })]);

			expect(alertOf(noAlerts[0]).reason).toContain('consentWithdrawal');
		});
	});

	describe('cooldown', () => {
		it('suppresses a second response from the same customer in a later execution, with the earlier alert’s time', async () => {
			const workflow = alertWorkflow();
			const first = await run(workflow, [response({ id: 'r-1' })]);
			const second = await run(workflow, [response({ id: 'r-2', email: 'Jane.Doe@Example.com' })]);

			expect(first.alerts).toHaveLength(1);
			expect(second.alerts).toEqual([]);
			const suppressed = alertOf(second.suppressed[0]);
			expect(suppressed).toMatchObject({ outcome: 'suppressed', rule: 'Detractor', earlierAlertAt: alertOf(first.alerts[0]).at, message: null });
			expect(suppressed.reason).toContain('cooldown: the same customer (feedback.respondent.email) was alerted at');
		});

		it('keys on the customer id before the email', async () => {
			const workflow = alertWorkflow();
			await run(workflow, [response({ id: 'r-1', customerId: 'C-1', email: 'shared@example.com' })]);
			const other = await run(workflow, [response({ id: 'r-2', customerId: 'C-2', email: 'shared@example.com' })]);

			expect(other.alerts).toHaveLength(1);
		});

		it('counts one alert among 20 concurrent executions for the same customer', async () => {
			const workflow = alertWorkflow();
			const runs = await Promise.all(Array.from({ length: 20 }, (_, index) => run(workflow, [response({ id: `r-${index}` })])));

			expect(runs.flatMap((one) => one.alerts)).toHaveLength(1);
			const suppressed = runs.flatMap((one) => one.suppressed);
			expect(suppressed).toHaveLength(19);
			const alertedAt = alertOf(runs.flatMap((one) => one.alerts)[0]).at;
			expect(new Set(suppressed.map((item) => alertOf(item).earlierAlertAt))).toEqual(new Set([alertedAt]));
		});

		it('still suppresses after this process forgot (a restart), through n8n’s deduplication store', async () => {
			const workflow = alertWorkflow();
			await run(workflow, [response({ id: 'r-1' })]);
			forgetCooldownScope(`${workflow.id}:alert-rule`);
			const afterRestart = await run(workflow, [response({ id: 'r-2' })]);

			expect(afterRestart.alerts).toEqual([]);
			expect(alertOf(afterRestart.suppressed[0])).toMatchObject({ outcome: 'suppressed', earlierAlertAt: null });
			expect(alertOf(afterRestart.suppressed[0]).reason).toContain('before a restart or by another n8n process');
		});

		it('updates the alert for a revision of the same response instead of suppressing it', async () => {
			const workflow = alertWorkflow();
			const first = await run(workflow, [response({ id: 'r-1', comment: null })]);
			const revised = await run(workflow, [response({ id: 'r-1', revision: 2, comment: 'The parcel was late' })]);
			const repeated = await run(workflow, [response({ id: 'r-1', revision: 1, comment: null })]);

			expect(first.alerts).toHaveLength(1);
			expect(revised.suppressed).toEqual([]);
			expect(alertOf(revised.alerts[0])).toMatchObject({ outcome: 'update', revision: 2, earlierAlertAt: alertOf(first.alerts[0]).at });
			expect(alertOf(revised.alerts[0]).message.text).toContain('The parcel was late');
			expect(alertOf(repeated.suppressed[0]).reason).toContain('already alerted');
		});

		it('updates the alert for a revision after a restart too', async () => {
			const workflow = alertWorkflow();
			await run(workflow, [response({ id: 'r-1', comment: null })]);
			forgetCooldownScope(`${workflow.id}:alert-rule`);
			const revised = await run(workflow, [response({ id: 'r-1', revision: 2 })]);
			const other = await run(workflow, [response({ id: 'r-3', revision: 2 })]);

			expect(alertOf(revised.alerts[0]).outcome).toBe('update');
			expect(alertOf(other.suppressed[0]).outcome).toBe('suppressed');
		});

		it('sends the alert again when n8n retries the failed execution that raised it (the email may not have gone out)', async () => {
			const workflow = alertWorkflow();
			await run(workflow, [response({ id: 'r-1' })]);
			const retried = await run(workflow, [response({ id: 'r-1' })], { mode: 'retry' });
			forgetCooldownScope(`${workflow.id}:alert-rule`);
			const retriedAfterRestart = await run(workflow, [response({ id: 'r-1' })], { mode: 'retry' });
			const otherResponse = await run(workflow, [response({ id: 'r-2' })], { mode: 'retry' });

			expect(alertOf(retried.alerts[0])).toMatchObject({ outcome: 'update', reason: expect.stringContaining('a retried execution') });
			expect(alertOf(retriedAfterRestart.alerts[0]).outcome).toBe('update');
			// A retry does not lift the cooldown for the customer's other responses.
			expect(alertOf(otherResponse.suppressed[0]).outcome).toBe('suppressed');
		});

		it('alerts every response when the cooldown is 0', async () => {
			const { alerts } = await run(alertWorkflow({ cooldownHours: 0 }), [response({ id: 'r-1' }), response({ id: 'r-2' })]);

			expect(alerts.map((item) => alertOf(item).reason)).toEqual(['no cooldown is set', 'no cooldown is set']);
		});

		it('uses the customer fields the user names', async () => {
			const workflow = alertWorkflow({ options: { cooldownFields: 'feedback.hidden.store' } });
			await run(workflow, [response({ id: 'r-1', email: 'a@example.com' })]);
			const sameStore = await run(workflow, [response({ id: 'r-2', email: 'b@example.com' })]);

			expect(alertOf(sameStore.suppressed[0]).reason).toContain('(feedback.hidden.store)');
		});

		it('records nothing in runs from the editor, and says so', async () => {
			const workflow = alertWorkflow();
			const manual = await run(workflow, [response({ id: 'r-1' }), response({ id: 'r-2' })], { mode: 'manual' });
			const live = await run(workflow, [response({ id: 'r-3' })]);

			// Within one manual run the cooldown still shows what it would do.
			expect([manual.alerts.length, manual.suppressed.length]).toEqual([1, 1]);
			expect(live.alerts).toHaveLength(1);
			const hints = manual.result.run?.data.resultData.runData[ALERT][0].hints ?? [];
			expect(hints.map((hint) => hint.message)).toEqual([expect.stringContaining('no alert was recorded')]);
			expect(live.result.run?.data.resultData.runData[ALERT][0].hints ?? []).toEqual([]);
		});
	});

	describe('the message', () => {
		it('gives the owner the customer’s contact details, and shared channels a masked copy', async () => {
			const { alerts } = await run(alertWorkflow({ options: { responseLink: '=https://surveys.example.com/r/{{ $json.feedback.id }}' } }), [
				response({ comment: 'Late again, call me at 06 12 34 56 78 or jane.doe@example.com' }),
			]);
			const { message } = alertOf(alerts[0]);

			expect(message.text).toContain('Jane Doe');
			expect(message.text).toContain('jane.doe@example.com');
			expect(message.html).toContain('href="https://surveys.example.com/r/r-1"');
			expect(message.subject).toContain('NPS 2/10');
			const shared = JSON.stringify(message.shared);
			expect(shared).not.toContain('jane.doe@example.com');
			expect(shared).not.toContain('Jane Doe');
			expect(shared).not.toMatch(/06 12 34 56 78|12 34 56 78/);
			expect(shared).toContain('NPS 2/10');
		});

		it('masks the owner’s message too when asked', async () => {
			const { alerts } = await run(alertWorkflow({ options: { maskPersonalData: true } }), [response()]);
			const { message } = alertOf(alerts[0]);

			expect(JSON.stringify({ text: message.text, html: message.html, subject: message.subject })).not.toMatch(/jane\.doe@example\.com|Jane Doe|56 78/);
		});

		it('uses the user’s own template', async () => {
			const { alerts } = await run(alertWorkflow({ options: { templateEn: 'Call {{customer.name}} about {{rule}}: {{score}}', subjectEn: '{{category}} in {{touchpoint}}' } }), [response()]);

			expect(alertOf(alerts[0]).message).toMatchObject({ text: 'Call Jane Doe about Detractor: NPS 2/10', subject: 'Detractor in delivery' });
		});

		it('refuses an unknown placeholder before deciding anything', async () => {
			const { result } = await run(alertWorkflow({ options: { templateEn: 'Hello {{owner.firstName}}' } }), [response()]);

			expect(result.error?.message).toContain('unknown placeholder {{owner.firstName}}');
		});
	});

	describe('simulate mode', () => {
		it('counts alerts per rule and owner per day, with the cooldown, and sends nothing', async () => {
			const workflow = alertWorkflow({ mode: 'simulate', defaultOwner: { name: 'CX desk', email: 'cx@example.com' } });
			const day = (date: string, options: ResponseOptions) => {
				const item = response(options);
				(item.feedback as IDataObject).submittedAt = date;
				return item;
			};
			const items = [
				day('2026-11-02T09:00:00Z', { id: 'a', email: 'a@example.com' }),
				day('2026-11-02T10:00:00Z', { id: 'b', email: 'a@example.com' }),
				day('2026-11-02T11:00:00Z', { id: 'c', email: 'c@example.com', store: 'Marseille' }),
				day('2026-11-03T09:00:00Z', { id: 'd', email: 'd@example.com' }),
				day('2026-11-03T09:30:00Z', { id: 'e', email: 'e@example.com', score: 10, comment: 'Perfect' }),
			];
			const result = await runWithItems(workflow, { node: CLASSIFY, items });
			const [summaryItems] = result.outputs(ALERT);

			expect(summaryItems).toHaveLength(1);
			expect((summaryItems[0].pairedItem as IPairedItemData[]).map((paired) => paired.item)).toEqual([0, 1, 2, 3, 4]);
			const summary = summaryItems[0].json.simulation as IDataObject & { byOwner: Record<string, IDataObject>; byRule: Record<string, IDataObject> };
			expect(summary).toMatchObject({ responses: 5, alerts: 3, suppressed: 1, noAlert: 1, days: 2 });
			expect(summary.byRule.Detractor).toMatchObject({ alerts: 3, suppressed: 1, byDay: { '2026-11-02': 2, '2026-11-03': 1 } });
			expect(summary.byOwner['Claire Martin']).toMatchObject({ alerts: 2, suppressed: 1, busiestDay: '2026-11-02', busiestDayAlerts: 1 });
			expect(summary.byOwner['CX desk']).toMatchObject({ alerts: 1, busiestDay: '2026-11-02' });

			// Nothing was recorded: the same responses alert for real afterwards.
			const live = await run(
				{ ...workflow, nodes: workflow.nodes.map((one) => (one.name === ALERT ? { ...one, parameters: { ...one.parameters, mode: 'alert' } } : one)) },
				[items[0]],
			);
			expect(live.alerts).toHaveLength(1);
		});
	});
});

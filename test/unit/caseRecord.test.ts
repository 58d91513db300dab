import { DEFAULT_ROOT_CAUSES, closeIntegrity, readCaseClosure, readRootCauseList } from '../../nodes/core/caseClosure';
import type { CasePriorityMap } from '../../nodes/core/caseRecord';
import {
	caseIdempotencyKey,
	caseOnItem,
	closeRecord,
	compileCaseTemplates,
	draftCase,
	priorityFromProvider,
	priorityMap,
	readCaseKey,
} from '../../nodes/core/caseRecord';
import type { ClosedLoopItem } from '../../nodes/core/feedback';
import { FeedbackError, readClosedLoopItem } from '../../nodes/core/feedback';

const ZENDESK: CasePriorityMap = { P1: 'urgent', P2: 'high', P3: 'normal', P4: 'low' };

function item(overrides: Record<string, unknown> = {}): ClosedLoopItem {
	return readClosedLoopItem(
		{
			feedback: {
				id: 'typeform:resp-9',
				revision: 3,
				source: 'typeform',
				touchpoint: 'store',
				submittedAt: '2026-11-24T16:05:00.000Z',
				locale: 'en-GB',
				respondent: { customerId: 'C-1', email: 'jane.doe@example.com', name: 'Jane Doe', phone: '+44 20 7946 0958' },
				metrics: [{ type: 'csat', score: 1, scaleMin: 1, scaleMax: 5 }],
				comment: 'The cashier was rude. Call me on +44 20 7946 0958',
			},
			classification: {
				category: 'dissatisfied',
				primaryMetric: 'csat',
				metrics: [{ type: 'csat', score: 1, scaleMin: 1, scaleMax: 5, questionId: null, category: 'dissatisfied' }],
				topics: [{ topic: 'staff', label: 'Staff', matched: ['cashier'] }],
				priority: 'P2',
				reasons: [],
			},
			...overrides,
		},
		'test',
	);
}

const templates = compileCaseTemplates({}, 'Europe/London');
const options = {
	key: 'typeform:resp-9',
	templates,
	priorities: ZENDESK,
	maskPersonalData: false,
	withRequester: true,
	assignOwner: true,
	responseLink: 'https://admin.typeform.com/form/abc/results#responses',
	dueAt: new Date('2026-11-26T16:05:00.000Z'),
	resumeUrl: 'https://n8n.example.com/webhook-waiting/12/sla?signature=x',
};

describe('the case key', () => {
	it('is the trimmed text or number given', () => {
		expect(readCaseKey('  typeform:resp-9 ')).toBe('typeform:resp-9');
		expect(readCaseKey(4021)).toBe('4021');
	});

	it.each([
		['empty', ''],
		['blank', '   '],
		['missing', undefined],
		['an object', { id: 1 }],
	])('is refused when %s, naming the field', (_what, value) => {
		expect(() => readCaseKey(value)).toThrow(/Case Key is empty/);
	});

	it('is refused when it is a whole text rather than an id', () => {
		expect(() => readCaseKey('x'.repeat(201))).toThrow('Case Key is 201 characters long; at most 200');
	});

	it('gives a stable idempotency key that does not show the case key', () => {
		const key = caseIdempotencyKey('jane.doe@example.com');
		expect(key).toBe(caseIdempotencyKey('jane.doe@example.com'));
		expect(key).not.toContain('jane');
		expect(key).not.toBe(caseIdempotencyKey('jane.doe@example.org'));
		expect(key).toMatch(/^closed-loop-case-[0-9a-f]{40}$/);
	});
});

describe('priority mapping', () => {
	it('keeps the provider defaults where the user gives nothing', () => {
		expect(priorityMap(ZENDESK, { P1: 'high', P2: '  ', P3: undefined })).toEqual({ P1: 'high', P2: 'high', P3: 'normal', P4: 'low' });
	});

	it('refuses a priority that does not exist', () => {
		expect(() => priorityMap(ZENDESK, { P5: 'low' })).toThrow('Priority Mapping: "P5" is not a priority');
	});

	it('reads a provider value back, whatever its case', () => {
		expect(priorityFromProvider('Urgent', ZENDESK)).toBe('P1');
		expect(priorityFromProvider('whenever', ZENDESK)).toBeNull();
		expect(priorityFromProvider(null, ZENDESK)).toBeNull();
	});
});

describe('the case draft', () => {
	it('carries what the owner needs, in the response’s language, with the priority in the provider’s values', () => {
		const draft = draftCase(item(), options);

		expect(draft).toMatchObject({
			key: 'typeform:resp-9',
			language: 'en',
			priority: 'P2',
			providerPriority: 'high',
			requester: { name: 'Jane Doe', email: 'jane.doe@example.com', phone: '+44 20 7946 0958' },
			assignee: null,
			dueAt: '2026-11-26T16:05:00.000Z',
			resumeUrl: options.resumeUrl,
			revision: 3,
			tags: ['closed-loop', 'dissatisfied', 'staff'],
			facts: { score: 1, metric: 'csat', category: 'dissatisfied', topics: ['staff'], customerId: 'C-1' },
		});
		expect(draft.subject).toBe('Dissatisfied (CSAT 1/5) — Staff — Jane D.');
		expect(draft.description).toContain('Comment: “The cashier was rude. Call me on +44 20 7946 0958”');
		expect(draft.description).toContain('Open the response: https://admin.typeform.com/form/abc/results#responses');
		expect(draft.descriptionHtml).toContain('<a href="https://admin.typeform.com/form/abc/results#responses">');
	});

	it('masks the customer in the subject and description when asked, but keeps the requester', () => {
		const draft = draftCase(item(), { ...options, maskPersonalData: true });

		expect(draft.subject).toContain('J. D.');
		expect(draft.description).not.toContain('7946');
		expect(draft.description).not.toContain('jane.doe@example.com');
		expect(draft.requester.email).toBe('jane.doe@example.com');
	});

	it('leaves the requester out for programmes that keep contacts out of the helpdesk', () => {
		expect(draftCase(item(), { ...options, withRequester: false }).requester).toEqual({ name: null, email: null, phone: null });
	});

	it('is assigned to the alert’s owner, by helpdesk id when the routing table gives one', () => {
		const alerted = item({
			alert: {
				outcome: 'alert',
				rule: 'Rude staff',
				owner: { name: 'Store manager', email: 'manager@example.com', phone: null, helpdeskUserId: '3104' },
				coach: null,
				message: null,
				reasons: [],
				route: null,
				reason: '',
				key: null,
				keyField: null,
				at: '2026-11-24T16:05:01.000Z',
				revision: 3,
				earlierAlertAt: null,
			},
		});

		expect(draftCase(alerted, options).assignee).toEqual({ name: 'Store manager', email: 'manager@example.com', phone: null, helpdeskUserId: '3104' });
		expect(draftCase(alerted, { ...options, assignOwner: false }).assignee).toBeNull();
		expect(draftCase(alerted, options).description).toContain('Why this case: Rude staff');
	});

	it('refuses a template with an unknown placeholder, naming it as a case template', () => {
		expect(() => compileCaseTemplates({ fr: { body: 'Client : {{client}}' } }, 'UTC')).toThrow('Case template templates.fr.body, line 1: unknown placeholder {{client}}');
	});
});

describe('the close record', () => {
	it('says it all in the case’s language, with the flags and their reasons', () => {
		const closure = readCaseClosure({ twoWayContact: 'non', resolved: 'oui', rootCause: 'Livraison en retard, perdue ou abîmée', notes: 'à suivre' });
		const verdict = closeIntegrity(closure, 'flag');
		const close = closeRecord(closure, verdict, { language: 'fr', rootCauses: DEFAULT_ROOT_CAUSES, closedAt: new Date('2026-11-27T10:00:00Z') });

		expect(close).toMatchObject({ rootCauseLabel: 'Livraison en retard, perdue ou abîmée', integrity: ['resolved-without-two-way-contact', 'closed-while-pending'], closedAt: '2026-11-27T10:00:00.000Z' });
		expect(close.note).toContain('Échange avec le client\u00a0: non');
		// Resolution means nothing without a conversation: the note does not claim it.
		expect(close.note).toContain('Problème résolu\u00a0: —');
		expect(close.note).toContain('- closed-while-pending: Closed while the notes say it is not finished ("a suivre")');
	});

	it('goes on the item with what was answered and what was flagged', () => {
		const closure = readCaseClosure({ twoWayContact: 'yes', resolved: 'yes', rootCause: 'My own words' });
		const close = closeRecord(closure, closeIntegrity(closure), { language: 'en', rootCauses: DEFAULT_ROOT_CAUSES, closedAt: new Date('2026-11-27T10:00:00Z') });
		const stored = { id: '7', url: null, key: 'k', status: 'solved', closed: true, providerPriority: 'urgent', dueAt: null, createdAt: null, revision: 1, resumeUrl: null, integrity: [] };

		expect(caseOnItem('zendesk', stored, { outcome: 'closed', priorities: ZENDESK, close })).toMatchObject({
			provider: 'zendesk',
			priority: 'P1',
			outcome: 'closed',
			integrity: [],
			closure: { twoWayContact: true, resolved: true, rootCause: 'My own words', rootCauseLabel: 'My own words', integrityReasons: [] },
		});
	});
});

describe('a team’s own root-cause list', () => {
	it('reads one cause per line, the French label defaulting to the English one', () => {
		expect(readRootCauseList('# ours\nstock | Out of stock | Rupture de stock\n\nfraud | Fraud')).toEqual([
			{ id: 'stock', en: 'Out of stock', fr: 'Rupture de stock' },
			{ id: 'fraud', en: 'Fraud', fr: 'Fraud' },
		]);
		expect(readRootCauseList('  ')).toBe(DEFAULT_ROOT_CAUSES);
	});

	it('refuses a malformed line or a repeated id, naming the line', () => {
		expect(() => readRootCauseList('stock | Out of stock\nno label')).toThrow(FeedbackError);
		expect(() => readRootCauseList('stock | Out of stock\nno label')).toThrow('Root Causes, line 2');
		expect(() => readRootCauseList('a | A\nA | Again')).toThrow('the ID "A" is used twice');
	});

	it('maps a label given in the close form to its id', () => {
		const causes = readRootCauseList('stock | Out of stock | Rupture de stock');
		expect(readCaseClosure({ twoWayContact: 'oui', rootCause: 'rupture de stock' }, causes).rootCause).toBe('stock');
	});
});

import type { INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_COOLDOWN_FIELDS } from '../core/cooldown';
import { messageTemplateFields, responseLinkField } from '../shared/messageTemplateFields';

/** Outputs per mode; evaluated by the editor and the engine, so it must stand alone. */
export function alertRuleOutputs(parameters: INodeParameters) {
	const names = parameters.mode === 'simulate' ? ['Summary'] : ['Alert', 'No Alert', 'Suppressed'];
	return names.map((displayName) => ({ type: 'main', displayName }));
}

export const ALERT_OUTPUT = { alert: 0, noAlert: 1, suppressed: 2 } as const;

const EXAMPLE_RULES = JSON.stringify(
	{
		rules: [
			{
				name: 'Late delivery',
				owner: { name: 'Delivery desk', email: 'delivery-desk@example.com' },
				when: {
					combine: 'all',
					conditions: [
						{ field: 'classification.category', operator: 'equals', value: 'detractor' },
						{ combine: 'any', conditions: [{ operator: 'hasTopic', value: 'delivery' }, { field: 'feedback.comment', operator: 'contains', value: 'retard' }] },
					],
				},
			},
			{
				name: 'Any detractor',
				when: { conditions: [{ field: 'classification.category', operator: 'equals', value: 'detractor' }] },
			},
		],
	},
	null,
	2,
);

const EXAMPLE_ROUTES = JSON.stringify(
	[
		{ value: 'Lyon', ownerName: 'Claire Martin', ownerEmail: 'claire.martin@example.com', coachName: 'Paul Girard', coachEmail: 'paul.girard@example.com' },
		{ value: 'Paris', ownerName: 'Hugo Petit', ownerEmail: 'hugo.petit@example.com' },
	],
	null,
	2,
);

const OPERATORS: INodePropertyOptions[] = [
	{ name: 'Contains', value: 'contains', description: 'Text contains the value, ignoring accents and case' },
	{ name: 'Equals', value: 'equals' },
	{ name: 'Has Topic', value: 'hasTopic', description: 'Score & Classify found one of these topics, e.g. delivery, billing, staff' },
	{ name: 'Is After or Equal / At Least (>=)', value: 'gte' },
	{ name: 'Is After / Greater Than (>)', value: 'gt' },
	{ name: 'Is Before / Less Than (<)', value: 'lt' },
	{ name: 'Is Before or Equal / At Most (<=)', value: 'lte' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is In List', value: 'inList', description: 'Equals one of the values, separated by commas' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Matches Regex', value: 'matchesRegex', description: 'A regular expression; patterns that could hang the workflow are refused' },
	{ name: 'Not Equals', value: 'notEquals' },
	{ name: 'Priority At Least', value: 'priorityAtLeast', description: 'P1 is the highest: "P2" matches P1 and P2' },
	{ name: 'Sentiment Is', value: 'sentimentIs', description: 'Negative, neutral or positive, as Score & Classify read the comment' },
];

const conditionRows = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Condition',
	default: {},
	description,
	options: [
		{
			displayName: 'Condition',
			name: 'condition',
			values: [
				{
					displayName: 'Field',
					name: 'field',
					type: 'string',
					default: '',
					placeholder: 'classification.category',
					description:
						'Path of the field in the response, e.g. classification.category, feedback.touchpoint, feedback.respondent.segment, feedback.hidden.store',
					// These read Score & Classify's topics, sentiment and priority themselves.
					displayOptions: { hide: { operator: ['hasTopic', 'sentimentIs', 'priorityAtLeast'] } },
				},
				{ displayName: 'Operator', name: 'operator', type: 'options', options: OPERATORS, default: 'equals' },
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: 'detractor',
					displayOptions: { hide: { operator: ['isEmpty', 'isNotEmpty'] } },
				},
				{
					displayName: 'Ignore Case',
					name: 'ignoreCase',
					type: 'boolean',
					default: true,
					displayOptions: { show: { operator: ['matchesRegex'] } },
				},
			],
		},
	],
});

const personFields = (role: 'Coach' | 'Owner', prefix: string): INodeProperties[] => [
	{ displayName: `${role} Name`, name: `${prefix}Name`, type: 'string', default: '' },
	{ displayName: `${role} Email`, name: `${prefix}Email`, type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: `${role} Phone`, name: `${prefix}Phone`, type: 'string', default: '' },
	...(role === 'Owner'
		? [
				{
					displayName: 'Owner Helpdesk User ID',
					name: `${prefix}HelpdeskUserId`,
					type: 'string' as const,
					default: '',
					description: 'The owner’s user ID in your helpdesk, so Create Case can assign the case to them',
				},
			]
		: []),
];

const personCollection = (displayName: string, name: string, role: 'Coach' | 'Owner', description: string): INodeProperties => ({
	displayName,
	name,
	type: 'collection',
	placeholder: `Add ${role} Detail`,
	default: {},
	description,
	options: personFields(role, '')
		.map((field) => ({
			...field,
			displayName: field.displayName.replace(`${role} `, ''),
			name: field.name[0].toLowerCase() + field.name.slice(1),
		}))
		// The editor lists a collection's options in alphabetical order.
		.sort((a, b) => a.displayName.localeCompare(b.displayName)),
});

/** The editor's settings of Alert Rule; the node file holds its identity. */
export const alertRuleProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Alert',
				value: 'alert',
				description: 'Send each response to Alert, No Alert or Suppressed',
			},
			{
				name: 'Simulate',
				value: 'simulate',
				description:
					'Count how many alerts a batch of past responses would have raised, per rule, per owner and per day. Sends and records nothing.',
			},
		],
		default: 'alert',
	},
	{
		displayName:
			'Runs from the editor check the cooldown but do not record alerts, so a test never silences a real alert. Only active workflows record them.',
		name: 'manualRunNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['alert'] } },
	},
	{
		displayName:
			'Simulate mode outputs one summary item, not alerts: connect Summary to a table, a sheet or a file, not to the email or Slack senders',
		name: 'simulateNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['simulate'] } },
	},
	{
		displayName: 'Define Rules',
		name: 'rulesInput',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'As JSON', value: 'json', description: 'Paste a rule set, or build it with an expression' },
			{ name: 'In the Editor', value: 'editor' },
		],
		default: 'editor',
	},
	{
		displayName: 'Alert On',
		name: 'match',
		type: 'options',
		options: [
			{
				name: 'All Matching Rules',
				value: 'all',
				description: 'One alert per matching rule, each to its own owner',
			},
			{ name: 'First Matching Rule', value: 'first', description: 'Rules are tried from the top; the first that matches alerts' },
		],
		default: 'first',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		displayOptions: { show: { rulesInput: ['editor'] } },
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'Late delivery', required: true },
					conditionRows('All of These Conditions', 'all', 'The rule matches when every one of these holds, and one of the “any” conditions if there are some'),
					conditionRows('And Any of These Conditions', 'any', 'At least one of these must hold too'),
					{
						displayName: 'Owner',
						name: 'ownerSource',
						type: 'options',
						options: [
							{ name: 'From the Routing Table', value: 'routing', description: 'The owner of the response’s store, region or touchpoint, else the default owner' },
							{ name: 'This Rule’s Own Owner', value: 'rule' },
						],
						default: 'routing',
					},
					...[...personFields('Owner', 'owner'), ...personFields('Coach', 'coach')].map((field) => ({
						...field,
						displayOptions: { show: { ownerSource: ['rule'] } },
					})),
				],
			},
		],
	},
	{
		displayName: 'Rules (JSON)',
		name: 'rulesJson',
		type: 'json',
		default: EXAMPLE_RULES,
		typeOptions: { rows: 12 },
		displayOptions: { show: { rulesInput: ['json'] } },
		description:
			'Rules in order, each with a name, conditions ("combine": "all" or "any", groups nested one level) and, optionally, its own owner and coach. Alert On applies unless the JSON sets its own "match".',
	},
	{
		displayName: 'Routing Table',
		name: 'routingInput',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'As JSON or From an Expression',
				value: 'json',
				description: 'Paste the rows, or map the rows of an n8n Data Table read earlier in the workflow',
			},
			{ name: 'In the Editor', value: 'editor' },
			{ name: 'None (Default Owner Only)', value: 'none' },
		],
		default: 'none',
	},
	{
		displayName: 'Route By Field',
		name: 'routingField',
		type: 'string',
		default: 'feedback.hidden.store',
		placeholder: 'feedback.hidden.store',
		description: 'The field whose value picks the owner: a store, a region, a touchpoint, an account manager',
		displayOptions: { show: { routingInput: ['editor', 'json'] } },
	},
	{
		displayName: 'Routes',
		name: 'routes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Route',
		default: {},
		displayOptions: { show: { routingInput: ['editor'] } },
		options: [
			{
				displayName: 'Route',
				name: 'route',
				values: [
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'Lyon',
						description: 'The field’s value this owner answers for; several values separated by commas',
					},
					...personFields('Owner', 'owner'),
					...personFields('Coach', 'coach'),
				],
			},
		],
	},
	{
		displayName: 'Routes (JSON)',
		name: 'routesJson',
		type: 'json',
		default: EXAMPLE_ROUTES,
		typeOptions: { rows: 8 },
		displayOptions: { show: { routingInput: ['json'] } },
		description:
			'A list of rows: value, ownerName, ownerEmail, ownerPhone, ownerHelpdeskUserId, coachName, coachEmail (snake_case columns and nested owner/coach objects work too). For an n8n Data Table, read it with n8n’s Data Table node before this one and map its rows with an expression.',
		hint: 'From a Data Table node named Owners: {{ $("Owners").all().map(row => row.json) }}, with the column holding the store (or region…) named in Value Column',
	},
	{
		displayName: 'Value Column',
		name: 'routingValueColumn',
		type: 'string',
		default: 'value',
		placeholder: 'store',
		description: 'The column of the rows that holds the field’s value, when it is not called "value"',
		displayOptions: { show: { routingInput: ['json'] } },
	},
	personCollection('Default Owner', 'defaultOwner', 'Owner', 'Who gets the alert when no route applies. Without one, such responses go to No Alert with the reason.'),
	personCollection('Default Coach', 'defaultCoach', 'Coach', 'Who backs the owner up when their route names no coach'),
	{
		displayName: 'Cooldown (Hours)',
		name: 'cooldownHours',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 8760 },
		default: 24,
		description:
			'No second alert about the same customer within this many hours; later responses go to Suppressed. 0 turns the cooldown off.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Cooldown Customer Fields',
				name: 'cooldownFields',
				type: 'string',
				default: DEFAULT_COOLDOWN_FIELDS.join(', '),
				description: 'Fields that identify the customer, tried in order; the first one with a value is used',
			},
			...messageTemplateFields(
				{
					subject: 'subject line',
					body: 'alert body',
					placeholders: '{{owner.name}}, {{customer.name}}, {{score}}, {{category}}, {{comment}}, {{topics}}, {{reasons}}, {{link}}',
				},
				{ show: { '/mode': ['alert'] } },
			),
			responseLinkField({ show: { '/mode': ['alert'] } }),
			{
				displayName: 'Mask Personal Data',
				name: 'maskPersonalData',
				type: 'boolean',
				default: false,
				description:
					'Whether to hide the customer’s name, email and phone in the owner’s message too, for programmes that keep contact details in the case only. The shared-channel message is always masked.',
				displayOptions: { show: { '/mode': ['alert'] } },
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'Europe/Paris',
				description: 'The zone times are shown in, and simulated days are counted in. Empty: the workflow’s time zone.',
			},
		],
	},
];

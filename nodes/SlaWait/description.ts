import type { INodeParameters, INodeProperties, IWebhookDescription } from 'n8n-workflow';

import { SLA_RESUME_PATH } from '../core/sla';
import { slaPolicyProperties } from '../shared/businessCalendarFields';

/**
 * Outputs per mode; evaluated by the editor and the engine, so it must stand alone. Breached comes first in wait
 * mode because n8n sends a wait that times out to output 0, with the items the node had when it started waiting.
 */
export function slaWaitOutputs(parameters: INodeParameters) {
	const names = parameters.mode === 'check' ? ['Breached', 'At Risk', 'On Track', 'Met'] : ['Breached', 'Met'];
	return names.map((displayName) => ({ type: 'main', displayName }));
}

export const WAIT_OUTPUT = { breached: 0, met: 1 } as const;
export const CHECK_OUTPUT = { breached: 0, atRisk: 1, onTrack: 2, met: 3 } as const;

/** The path after `$execution.resumeUrl`: `…/webhook-waiting/<execution>/sla?signature=…`. */
export const RESUME_PATH = SLA_RESUME_PATH;

/**
 * Restart webhooks only: n8n serves them while an execution waits here, never registers them on activation.
 * GET shows a person the confirmation page; POST resumes (from that page, a helpdesk or any API call).
 */
export const SLA_WAIT_WEBHOOKS: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'GET', responseMode: 'onReceived', path: RESUME_PATH, restartWebhook: true },
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: RESUME_PATH, restartWebhook: true },
];

const waitOnly = { show: { mode: ['wait'] } };
const checkOnly = { show: { mode: ['check'] } };

export const slaWaitProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Check Standing (No Wait)',
				value: 'check',
				description: 'For scheduled sweeps over open cases: says for each case whether its SLA is on track, at risk, breached or met',
			},
			{
				name: 'Wait Until Resumed or Breached',
				value: 'wait',
				description: 'Holds the case here until someone acts (a call to its resume link) or the SLA runs out',
			},
		],
		default: 'wait',
	},
	{
		displayName:
			'The case waits here. Call the link in <code>sla.resumeUrl</code> (POST, e.g. <code>{"event": "resolved"}</code>) to send it to Met; if the SLA runs out first it goes to Breached. n8n checks waits once a minute, so a breach can arrive up to a minute late.',
		name: 'waitNotice',
		type: 'notice',
		default: '',
		displayOptions: waitOnly,
	},
	...slaPolicyProperties(),
	{
		displayName: 'SLA Starts',
		name: 'startAt',
		type: 'string',
		default: '={{ $json.sla?.startedAt ?? $json.case?.createdAt ?? $json.feedback?.submittedAt }}',
		description:
			'When the clock starts, such as when the response was submitted or the case created. Left empty, it starts now. A time without an offset is read in the time zone above.',
	},
	{
		displayName: 'Resolved At',
		name: 'resolvedAt',
		type: 'string',
		default: '',
		placeholder: '={{ $json.resolvedAt }}',
		description: 'When the case was resolved, from the case store. Empty means it is still open.',
		displayOptions: checkOnly,
	},
	{
		displayName: 'At Risk After (%)',
		name: 'atRiskPercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 99 },
		default: 75,
		description:
			'Share of the SLA after which an open case is at risk, so the owner is warned while there is still time. 0 turns the warning off. The item carries the moment as <code>sla.atRiskAt</code>.',
	},
	{
		displayName: 'Resume Check',
		name: 'resumeCheck',
		type: 'options',
		options: [
			{
				name: 'Signed Link and Secret Header',
				value: 'secretHeader',
				description: 'Calls from systems must also send the secret header of the credential',
			},
			{
				name: 'Signed Link Only',
				value: 'signedUrl',
				description: 'The signature n8n puts in the link is the check; anyone holding the link can resume the case',
			},
		],
		default: 'signedUrl',
		displayOptions: waitOnly,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: waitOnly,
		options: [
			{
				displayName: 'Allow Person Links',
				name: 'allowPersonLinks',
				type: 'boolean',
				default: true,
				description:
					'Whether people may resume the case from a link in an email: opening the link shows a confirmation button, so mail scanners that open every link resume nothing. With a secret header, turn this off to accept only systems that send the header.',
			},
			{
				displayName: 'Page Language',
				name: 'pageLanguage',
				type: 'options',
				options: [
					{ name: 'English', value: 'en' },
					{ name: 'French', value: 'fr' },
					{ name: 'From the Browser', value: 'browser' },
				],
				default: 'browser',
				description: 'Language of the confirmation page a person sees. A link may also say ?lang=fr.',
			},
			{
				displayName: 'Resume Events',
				name: 'resumeEvents',
				type: 'string',
				default: '',
				placeholder: 'resolved, customerReplied',
				description:
					'Events that may resume the case, separated by commas. Other events are refused and the case keeps waiting. Empty accepts any event.',
			},
		],
	},
];

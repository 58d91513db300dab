import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { checkSecretHeaderCredential } from '../shared/webhookCredentialChecks';
import { SLA_WAIT_WEBHOOKS, slaWaitOutputs, slaWaitProperties } from './description';
import { answerResume } from './resume';
import { checkStanding, waitForDeadline } from './waiting';

// Not a tool: a wait holds the whole execution for hours or days, which an AI agent's tool call cannot do.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class SlaWait implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SLA Wait',
		name: 'slaWait',
		icon: { light: 'file:slaWait.svg', dark: 'file:slaWait.dark.svg' },
		group: ['organization'],
		version: 1,
		subtitle:
			'={{ ($parameter["mode"] === "check" ? "Check " : "Wait ") + $parameter["durationAmount"] + " " + ({ businessDays: "business days", businessHours: "business hours", calendarDays: "calendar days", calendarHours: "hours" })[$parameter["durationUnit"]] }}',
		description: 'Holds a case until its owner acts or its SLA runs out, counting business hours, and sends it to Met or Breached',
		defaults: {
			name: 'SLA Wait',
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{(${slaWaitOutputs})($parameter)}}`,
		credentials: [
			{
				name: 'slaResumeSecretApi',
				required: true,
				testedBy: 'slaResumeSecretTest',
				displayOptions: { show: { mode: ['wait'], resumeCheck: ['secretHeader'] } },
			},
		],
		webhooks: SLA_WAIT_WEBHOOKS,
		properties: slaWaitProperties,
	};

	methods = {
		credentialTest: {
			async slaResumeSecretTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return checkSecretHeaderCredential(credential.data?.headerName, credential.data?.secret);
			},
		},
	};

	/**
	 * n8n's community lint asks every node with `webhooks` for these lifecycle methods. Ours are restart webhooks,
	 * which n8n serves only while an execution waits here and never registers on activation, so there is nothing
	 * to check, create or delete: each method says so truthfully.
	 */
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return this.getNodeParameter('mode', 0, 'wait') === 'check' ? await checkStanding(this) : await waitForDeadline(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await answerResume(this);
	}
}

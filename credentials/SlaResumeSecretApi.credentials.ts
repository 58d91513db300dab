import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A secret that systems (a helpdesk trigger, a CRM webhook) send in a header when they resume a waiting SLA, on top
 * of n8n's signed link. Kept as a credential so it never travels with an exported workflow. Checked by SLA Wait's
 * `slaResumeSecretTest`: there is no API to call.
 */
export class SlaResumeSecretApi implements ICredentialType {
	name = 'slaResumeSecretApi';

	displayName = 'SLA Resume Secret API';

	icon: Icon = { light: 'file:slaResume.svg', dark: 'file:slaResume.dark.svg' };

	documentationUrl = 'https://github.com/closed-loop/n8n-nodes-closed-loop/blob/main/docs/credentials/sla-resume-secret.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			required: true,
			default: 'X-Resume-Secret',
			description: 'The header the calling system sends the secret in',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'A value you choose, 16 or more random characters, set both here and in the system that resumes the case',
		},
	];
}

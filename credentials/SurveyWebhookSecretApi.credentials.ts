import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A secret shared with a survey tool that n8n does not register webhooks with: the signing
 * secret typed into Typeform or Tally by hand, a Qualtrics shared key, a Custom JSON HMAC key,
 * or the value of a secret header. Kept as a credential so it never travels with an exported
 * workflow. Checked by the Survey Trigger's `surveyWebhookSecretTest`: there is no API to call.
 */
export class SurveyWebhookSecretApi implements ICredentialType {
	name = 'surveyWebhookSecretApi';

	displayName = 'Survey Webhook Secret API';

	icon: Icon = { light: 'file:surveyWebhook.svg', dark: 'file:surveyWebhook.dark.svg' };

	documentationUrl = 'https://github.com/closed-loop/n8n-nodes-closed-loop/blob/main/docs/credentials/survey-webhook.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The signing secret set in the survey tool (or the value of the secret header). A tool’s own secret works at any length; one you choose is safer with 16 or more random characters.',
		},
	];
}

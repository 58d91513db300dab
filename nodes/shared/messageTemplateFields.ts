/**
 * The editor fields of a message's own templates (an alert, a case), in English and French, and the link back to
 * the response; read back by `userTemplatesOf`. Alert Rule and Create Case render with core/alertMessage's engine,
 * so they take their templates the same way.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { UserAlertTemplates } from '../core/alertMessage';

export interface TemplateOptions {
	subjectEn?: string;
	subjectFr?: string;
	templateEn?: string;
	templateFr?: string;
}

export function messageTemplateFields(
	words: { body: string; subject: string; placeholders: string },
	displayOptions: IDisplayOptions,
): INodeProperties[] {
	return [
		{
			displayName: 'English Subject',
			name: 'subjectEn',
			type: 'string',
			default: '',
			description: `Your own English ${words.subject}, with the same placeholders. Empty: the built-in one.`,
			displayOptions,
		},
		{
			displayName: 'English Template',
			name: 'templateEn',
			type: 'string',
			typeOptions: { rows: 8 },
			default: '',
			description: `Your own English ${words.body}, with placeholders such as ${words.placeholders}. Empty: the built-in one.`,
			displayOptions,
		},
		{
			displayName: 'French Subject',
			name: 'subjectFr',
			type: 'string',
			default: '',
			description: `Your own French ${words.subject}. Empty: the built-in one.`,
			displayOptions,
		},
		{
			displayName: 'French Template',
			name: 'templateFr',
			type: 'string',
			typeOptions: { rows: 8 },
			default: '',
			description: `Your own French ${words.body} (for responses in French), with the same placeholders. Empty: the built-in one.`,
			displayOptions,
		},
	];
}

export const responseLinkField = (displayOptions: IDisplayOptions): INodeProperties => ({
	displayName: 'Link to the Response',
	name: 'responseLink',
	type: 'string',
	default: '',
	placeholder: '{{ $json.feedback.hidden.responseUrl }}',
	description: 'Where the owner can read the whole response (an http or https address), usually an expression',
	displayOptions,
});

/** The templates as the user typed them; an empty part takes the built-in one. */
export function userTemplatesOf(options: TemplateOptions): UserAlertTemplates {
	const part = (text: string | undefined) => (text?.trim() ? text : undefined);
	return {
		en: { subject: part(options.subjectEn), body: part(options.templateEn) },
		fr: { subject: part(options.subjectFr), body: part(options.templateFr) },
	};
}

/**
 * The survey tools the trigger accepts, and what the node needs to know about each: how it
 * proves a delivery is genuine, whether the node can register the webhook, and which API
 * credential it calls.
 */
import { customJsonSource } from './customJson';
import { delightedSource } from './delighted';
import { jotformSource } from './jotform';
import { qualtricsSource } from './qualtrics';
import { surveyMonkeySource } from './surveyMonkey';
import { tallySource } from './tally';
import { typeformSource } from './typeform';
import type { SurveySource } from './types';

export const SOURCE_KEYS = ['customJson', 'delighted', 'jotform', 'qualtrics', 'surveyMonkey', 'tally', 'typeform'] as const;
export type SourceKey = (typeof SOURCE_KEYS)[number];

export type ApiCredentialType = 'closedLoopQualtricsApi' | 'closedLoopSurveyMonkeyApi' | 'closedLoopTallyApi' | 'closedLoopTypeformApi';

export interface SourceEntry {
	displayName: string;
	/** One line for the Source list in the editor. */
	summary: string;
	source: SurveySource<unknown>;
	/**
	 * `secret`: the tool signs with a secret the node generated or the user pasted;
	 * `apiCredential`: the tool signs with the app's API credential;
	 * `none`: the tool signs nothing (the user may add basic auth or a secret header);
	 * `custom`: the user configures it (Custom JSON).
	 */
	signature: 'apiCredential' | 'custom' | 'none' | 'secret';
	/** Whether activating the workflow can create the webhook through the tool's API. */
	registration: boolean;
	/** The API credential the source calls, when it calls one. */
	apiCredential?: ApiCredentialType;
	/** Whether that credential is needed for every delivery (to fetch the response), not only to register. */
	fetchesResponses?: boolean;
}

export const SOURCES: Record<SourceKey, SourceEntry> = {
	customJson: {
		displayName: 'Custom JSON',
		summary: 'Your own form, kiosk, call-centre IVR or app posts JSON to this webhook',
		source: customJsonSource as SurveySource<unknown>,
		signature: 'custom',
		registration: false,
	},
	delighted: {
		displayName: 'Delighted',
		summary: 'Survey responses, later comments and unsubscribes from Delighted webhooks',
		source: delightedSource as SurveySource<unknown>,
		signature: 'none',
		registration: false,
	},
	jotform: {
		displayName: 'Jotform',
		summary: 'Form submissions from a Jotform webhook',
		source: jotformSource as SurveySource<unknown>,
		signature: 'none',
		registration: false,
	},
	qualtrics: {
		displayName: 'Qualtrics',
		summary: 'Completed responses from a Qualtrics event subscription',
		source: qualtricsSource as SurveySource<unknown>,
		signature: 'secret',
		registration: true,
		apiCredential: 'closedLoopQualtricsApi',
		fetchesResponses: true,
	},
	surveyMonkey: {
		displayName: 'SurveyMonkey',
		summary: 'Completed responses from a SurveyMonkey webhook',
		source: surveyMonkeySource as SurveySource<unknown>,
		signature: 'apiCredential',
		registration: true,
		apiCredential: 'closedLoopSurveyMonkeyApi',
		fetchesResponses: true,
	},
	tally: {
		displayName: 'Tally',
		summary: 'Form responses from a Tally webhook',
		source: tallySource as SurveySource<unknown>,
		signature: 'secret',
		registration: true,
		apiCredential: 'closedLoopTallyApi',
	},
	typeform: {
		displayName: 'Typeform',
		summary: 'Form responses from a Typeform webhook',
		source: typeformSource as SurveySource<unknown>,
		signature: 'secret',
		registration: true,
		apiCredential: 'closedLoopTypeformApi',
	},
};

/**
 * Every survey source describes itself, and the node's description is derived from the list:
 * this walks the list and checks that the built node exposes each source's option, credential,
 * fields and options, shown for that source alone, with one credential at a time.
 */
import type { ICredentialDataDecryptedObject, INode, INodeCredentialDescription, INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import manifest from '../../package.json';
import { SURVEY_SOURCES } from '../../nodes/SurveyTrigger/sources';
import type { AnySurveySource } from '../../nodes/SurveyTrigger/sources/types';
import { PACKAGE_NAME, loadPackageCredentialTypes, loadPackageNodeTypes } from './harness';

const description = (loadPackageNodeTypes().get(`${PACKAGE_NAME}.surveyTrigger`) as INodeType).description;
const credentialTypes = loadPackageCredentialTypes();

/** The node's parameters as the editor fills them for `chosen`, defaults included. */
const node = (parameters: INodeParameters): INode => ({
	id: '1',
	name: 'Survey Trigger',
	type: `${PACKAGE_NAME}.surveyTrigger`,
	typeVersion: 1,
	position: [0, 0],
	parameters,
});

function parametersFor(chosen: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, chosen, true, false, node(chosen), description)!;
}

const shown = (item: INodeProperties | INodeCredentialDescription, parameters: INodeParameters) =>
	NodeHelpers.displayParameter(parameters, item, node(parameters), description);

const shownCredentials = (chosen: INodeParameters) => {
	const parameters = parametersFor(chosen);
	return (description.credentials ?? []).filter((credential) => shown(credential, parameters)).map((credential) => credential.name);
};

/** Every editor state a user can reach for a source: each set-up and authentication it offers. */
function statesOf(source: AnySurveySource): INodeParameters[] {
	const registrations = source.registration ? ['automatic', 'manual'] : [undefined];
	const authentications = source.signature === 'none' ? [...(source.authentication ?? ['basicAuth', 'none', 'secretHeader'])] : [undefined];
	return registrations.flatMap((registration) =>
		authentications.map((authentication) => ({
			source: source.key,
			...(registration ? { registration } : {}),
			...(authentication ? { authentication } : {}),
		})),
	);
}

const visibleFields = (chosen: INodeParameters) => {
	const parameters = parametersFor(chosen);
	return description.properties.filter((property) => shown(property, parameters));
};

describe.each(SURVEY_SOURCES.map((source) => [source.displayName, source] as const))('the %s source', (_name, source) => {
	it('is an option of the Source list, with its name and summary', () => {
		const sourceList = description.properties.find((property) => property.name === 'source')!;
		expect(sourceList.options).toContainEqual({ name: source.displayName, value: source.key, description: source.summary });
	});

	it('has its API credential shown for it alone, registered in package.json, with a base URL it resolves', () => {
		const others = SURVEY_SOURCES.filter((other) => other.key !== source.key);
		if (!source.api) {
			for (const state of statesOf(source)) {
				expect(shownCredentials(state).filter((name) => name.startsWith('closedLoop'))).toEqual([]);
			}
			return;
		}
		const { credentialType } = source.api;
		const credentialType_ = credentialTypes.get(credentialType);
		expect(credentialType_).toBeDefined();
		expect(manifest.n8n.credentials).toContain(`dist/credentials/${credentialType_!.constructor.name}.credentials.js`);

		const shownFor = statesOf(source).filter((state) => shownCredentials(state).includes(credentialType));
		// Fetching every response needs the credential always; otherwise only to register the webhook.
		expect(shownFor.length).toBe(source.api.fetchesResponses ? statesOf(source).length : statesOf(source).filter((state) => state.registration === 'automatic').length);
		for (const other of others) {
			for (const state of statesOf(other)) expect(shownCredentials(state)).not.toContain(credentialType);
		}

		const defaults = Object.fromEntries((credentialType_!.properties ?? []).map((property) => [property.name, property.default]));
		const given = { ...defaults, baseUrl: defaults.baseUrl || 'https://example.qualtrics.com' };
		expect(source.api.apiBaseUrl(given as ICredentialDataDecryptedObject)).toMatch(/^https:\/\/[^/]+[^/]$/);
	});

	it('shows at most one credential at a time, or its API credential beside a pasted secret when it fetches and is set up by hand', () => {
		for (const state of statesOf(source)) {
			const credentials = shownCredentials(state);
			const fetchesWithPastedSecret = source.api?.fetchesResponses && source.signature === 'secret' && state.registration === 'manual';
			if (fetchesWithPastedSecret) {
				expect(credentials.sort()).toEqual([source.api!.credentialType, 'surveyWebhookSecretApi'].sort());
			} else {
				expect(credentials.length).toBeLessThanOrEqual(1);
			}
		}
	});

	it('has its own fields in the node, shown for it and for no other source', () => {
		for (const field of source.properties ?? []) {
			expect(description.properties).toContainEqual(field);
			expect(statesOf(source).some((state) => visibleFields(state).includes(field))).toBe(true);
			for (const other of SURVEY_SOURCES.filter((candidate) => candidate.key !== source.key)) {
				for (const state of statesOf(other)) expect(visibleFields(state)).not.toContain(field);
			}
		}
	});

	it('has its own options in the Options collection, shown for it alone', () => {
		const options = description.properties.find((property) => property.name === 'settings')!.options as INodeProperties[];
		for (const option of source.options ?? []) {
			expect(options).toContainEqual(option);
			expect(option.displayOptions).toEqual({ show: { '/source': [source.key] } });
		}
	});

	it('names the form or survey to register, where it registers the webhook, with its own label', () => {
		const target = visibleFields({ source: source.key, registration: 'automatic' }).filter((field) => field.name === 'formId');
		if (!source.registration) {
			expect(target).toEqual([]);
			return;
		}
		expect(target).toHaveLength(1);
		expect(target[0]).toMatchObject(source.registration.target);
		expect(visibleFields({ source: source.key, registration: 'manual' }).some((field) => field.name === 'formId')).toBe(false);
	});

	it('maps questions through the Questions and Customer Fields, unless it maps fields itself', () => {
		const names = visibleFields({ source: source.key }).map((field) => field.name);
		const mapsQuestions = source.mapping === 'questions';
		expect(names.includes('questions')).toBe(mapsQuestions);
		expect(names.includes('respondentFields')).toBe(mapsQuestions);
	});
});

describe('the source list', () => {
	it('has one source per key, each storing its own name in feedback.source', () => {
		expect(new Set(SURVEY_SOURCES.map((source) => source.key)).size).toBe(SURVEY_SOURCES.length);
		expect(new Set(SURVEY_SOURCES.map((source) => source.name)).size).toBe(SURVEY_SOURCES.length);
	});

	it('gives the node no API credential that no source calls', () => {
		const called = new Set(SURVEY_SOURCES.flatMap((source) => (source.api ? [source.api.credentialType] : [])));
		const apiCredentials = (description.credentials ?? []).map((credential) => credential.name).filter((name) => name.startsWith('closedLoop'));
		expect(new Set(apiCredentials)).toEqual(called);
	});
});

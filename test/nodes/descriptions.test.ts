import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CUSTOM_JSON_MAPPING } from '../../nodes/SurveyTrigger/sources/customJson';
import { SurveyTrigger } from '../../nodes/SurveyTrigger/SurveyTrigger.node';
import { ScoreClassify } from '../../nodes/ScoreClassify/ScoreClassify.node';

/** Flattens collections so every field the editor shows can be checked. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties(((property.options ?? []) as INodeProperties[]).filter((option) => 'type' in option)),
	]);
}

describe('node descriptions', () => {
	it('show the same default field names in the editor as the Custom JSON source uses', () => {
		const fields = allProperties(new SurveyTrigger().description.properties).filter((property) =>
			property.name.endsWith('Path'),
		);
		expect(fields.length).toBeGreaterThanOrEqual(14);
		for (const field of fields) {
			expect([field.name, field.default]).toEqual([
				field.name,
				DEFAULT_CUSTOM_JSON_MAPPING[field.name as keyof typeof DEFAULT_CUSTOM_JSON_MAPPING],
			]);
		}
	});

	it.each([
		['Survey Trigger', new SurveyTrigger().description],
		['Score & Classify', new ScoreClassify().description],
	])('%s lists every option alphabetically, as the n8n editor expects', (_name, description) => {
		for (const property of allProperties(description.properties)) {
			if (property.type !== 'options' && property.type !== 'collection') continue;
			const names = (property.options ?? []).map((option) => ('displayName' in option ? option.displayName : option.name));
			expect(names).toEqual([...names].sort((a, b) => String(a).localeCompare(String(b))));
		}
	});
});

/**
 * 100,000 items through Score & Classify in n8n's engine (the node-test harness on n8n-core's
 * WorkflowExecute). Run by `npm run bench` (bench/suites/scoreClassify.mjs), which reads the time
 * and peak RSS this writes.
 */
import type { IDataObject } from 'n8n-workflow';

import { chain, runWithItems } from '../nodes/harness';
import { peakRssMiB, reportBenchResult } from '../support/benchResult.cjs';

const ITEMS = 100_000;
const COMMENTS = [
	'Livraison en retard de trois jours et personne ne répond au SAV.',
	'Great staff, quick checkout, I will come back.',
	"Le produit n'est pas terrible, mais le remboursement a été rapide.",
	'Waited 40 minutes on hold, then they hung up. Terrible.',
	'Très bon accueil en magasin, merci !',
	null,
];

function item(n: number): IDataObject {
	return {
		feedback: {
			id: `bench:${n}`,
			source: 'bench',
			submittedAt: '2026-11-25T08:00:00.000Z',
			respondent: { value: n % 7 === 0 ? 25_000 : 300, segment: n % 11 === 0 ? 'VIP' : null },
			metrics: [{ type: 'nps', score: n % 11, scaleMin: 0, scaleMax: 10, questionId: 'nps' }],
			comment: COMMENTS[n % COMMENTS.length],
		},
	};
}

it(`classifies ${ITEMS.toLocaleString('en')} items in the engine`, async () => {
	const items = Array.from({ length: ITEMS }, (_, n) => item(n));
	const workflow = chain({ name: 'Score & Classify', type: 'scoreClassify', parameters: {} });
	const started = Date.now();
	const result = await runWithItems(workflow, { node: 'Score & Classify', items });
	const seconds = (Date.now() - started) / 1000;

	expect(result.error).toBeUndefined();
	const outputs = result.outputs('Score & Classify').map((output) => output.length);
	expect(outputs.reduce((sum, count) => sum + count, 0)).toBe(ITEMS);
	reportBenchResult({ items: ITEMS, seconds, peakRssMiB: peakRssMiB(), outputs });
}, 600_000);

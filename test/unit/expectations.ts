import { FeedbackError } from '../../nodes/core/feedback';

/** Runs a function that must throw a FeedbackError and returns it. */
export function feedbackError(run: () => unknown): FeedbackError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(FeedbackError);
		return error as FeedbackError;
	}
	throw new Error('expected a FeedbackError');
}

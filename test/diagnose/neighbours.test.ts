import { describe, expect, it } from 'vitest';
import { complaintFeatures, scoreComplaint, trainComplaintStage } from '../../src/diagnose/complaint-stage.js';
import { cueIndex } from '../../src/diagnose/features.js';
import {
  buildNeighbours,
  neighboursFromJson,
  neighboursToJson,
  scoreNeighbours,
} from '../../src/diagnose/neighbours.js';
import { type CategoryId, categoryIds } from '../../src/taxonomy/index.js';

// Complaints written here, so these tests do not depend on the committed data or ../shared/data.
const complaints: { text: string; categories: CategoryId[]; weight?: number }[] = [
  { text: 'The search returns the old version of a document we updated yesterday.', categories: ['current_facts'] },
  {
    text: 'After we replaced the price list the bot still answers with the old prices.',
    categories: ['current_facts'],
  },
  { text: 'The agent calls the search tool three times in a row for one question.', categories: ['tool_discipline'] },
  { text: 'It never calls the order lookup tool and guesses the status instead.', categories: ['tool_discipline'] },
  { text: 'Users without the admin role see answers built from admin-only documents.', categories: ['permissions'] },
  { text: 'A guest user can read internal notes through the chat widget.', categories: ['permissions'] },
];
const noCues = cueIndex(
  Object.fromEntries(categoryIds.map((id) => [id, [] as string[]])) as Record<CategoryId, string[]>,
);
const inputs = complaints.map((complaint) => complaintFeatures(complaint.text, noCues));

describe('the nearest training complaints', () => {
  it('vote for the category of the complaints sharing the most telling words', () => {
    const index = buildNeighbours(complaints, inputs, 2);
    const votes = scoreNeighbours(
      index,
      complaintFeatures('The bot calls the lookup tool twice for every question.', noCues),
    );
    const best = categoryIds.reduce((top, id) => (votes[id] > votes[top] ? id : top));
    expect(best).toBe('tool_discipline');
    expect(Object.values(votes).reduce((sum, share) => sum + share, 0)).toBeCloseTo(1);
  });

  it('give nothing for a complaint that shares no word with any of them', () => {
    const index = buildNeighbours(complaints, inputs, 2);
    const votes = scoreNeighbours(index, complaintFeatures('Zebras quarrel.', noCues));
    expect(Object.values(votes).every((share) => share === 0)).toBe(true);
  });

  it('weigh a complaint by its weight', () => {
    const text = 'The bot answers with old prices to admin users.';
    const plain = scoreNeighbours(buildNeighbours(complaints, inputs, 6), complaintFeatures(text, noCues));
    const heavier = complaints.map((complaint) =>
      complaint.categories.includes('permissions') ? { ...complaint, weight: 5 } : complaint,
    );
    const weighed = scoreNeighbours(buildNeighbours(heavier, inputs, 6), complaintFeatures(text, noCues));
    expect(weighed.permissions).toBeGreaterThan(plain.permissions);
  });

  it('survive the model file unchanged, and the file holds hashes, never a word', () => {
    const index = buildNeighbours(complaints, inputs, 3);
    const file = neighboursToJson(index);
    expect(JSON.stringify(file)).not.toMatch(/search|tool|admin/);
    const read = neighboursFromJson(JSON.parse(JSON.stringify(file)));
    const query = complaintFeatures('Admin-only documents show up for guest users.', noCues);
    expect(scoreNeighbours(read, query)).toEqual(scoreNeighbours(index, query));
  });
});

describe('the complaint stage with both learners', () => {
  it('averages the logistic regressions and the neighbours in log-odds', () => {
    const stage = trainComplaintStage({
      examples: complaints,
      inputs,
      settings: { l2: 0.00005, iterations: 50, learningRate: 0.02, complaintKeepAbove: 0 },
    });
    expect(stage.neighbours?.items.length).toBe(complaints.length);
    const query = complaintFeatures('It calls the search tool again and again.', noCues);
    const both = scoreComplaint(stage, query);
    const logistic = scoreComplaint({ classes: stage.classes }, query);
    const votes = scoreNeighbours(stage.neighbours as NonNullable<typeof stage.neighbours>, query);
    const logOdds = (p: number) => {
      const q = Math.min(0.999, Math.max(0.001, p));
      return Math.log(q / (1 - q));
    };
    for (const id of categoryIds) {
      expect(logOdds(both[id])).toBeCloseTo((logOdds(logistic[id]) + logOdds(votes[id])) / 2, 6);
    }
    expect(both.tool_discipline).toBeGreaterThan(both.permissions);
  });
});

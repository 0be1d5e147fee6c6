import { beforeAll, describe, expect, it } from 'vitest';
import { readLabelledComplaints } from '../../src/diagnose/dataset.js';
import {
  type ComplaintSplitter,
  createComplaintSplitter,
  normalizeStrand,
} from '../../src/diagnose/split-complaint.js';

let splitter: ComplaintSplitter;
beforeAll(async () => {
  splitter = await createComplaintSplitter();
});

describe('splitting a complaint into strands', () => {
  it.each([
    {
      complaint:
        "its tone is inconsistent, it drifts between prose and lists, and it gives out-of-date answers, so let's fine-tune it",
      strands: ['its tone is inconsistent', 'it drifts between prose and lists', 'it gives out-of-date answers'],
      asks: true,
    },
    {
      complaint: 'It mixes bullet points and paragraphs.',
      strands: ['It mixes bullet points and paragraphs'],
      asks: false,
    },
    {
      complaint:
        "The bot keeps quoting last year's prices and it told a customer on Basic that they had premium support.",
      strands: [
        "The bot keeps quoting last year's prices",
        'it told a customer on Basic that they had premium support',
      ],
      asks: false,
    },
    {
      complaint: 'It forgets the new refund window and quotes old prices.',
      strands: ['It forgets the new refund window', 'quotes old prices'],
      asks: false,
    },
    {
      complaint: 'It cancels and re-creates the booking instead of calling modify_booking.',
      strands: ['It cancels and re-creates the booking instead of calling modify_booking'],
      asks: false,
    },
    {
      complaint: 'Answers are too long and too formal; it also shows other customers’ invoices.',
      strands: ['Answers are too long and too formal', 'it also shows other customers’ invoices'],
      asks: false,
    },
    {
      complaint: 'When customers ask about refunds, it quotes the old window.',
      strands: ['When customers ask about refunds, it quotes the old window'],
      asks: false,
    },
    {
      complaint: 'It recommends the Starter bundle, which we stopped selling last quarter.',
      strands: ['It recommends the Starter bundle, which we stopped selling last quarter'],
      asks: false,
    },
    {
      complaint: 'Replies are long, rambling and full of emojis.',
      strands: ['Replies are long, rambling and full of emojis'],
      asks: false,
    },
    {
      complaint: "Three problems: wrong tone, stale prices, and it shows other people's orders.",
      strands: ['wrong tone', 'stale prices', "it shows other people's orders"],
      asks: false,
    },
    {
      complaint: 'Bug: the agent calls search_orders twice per turn. Repro attached.',
      strands: ['the agent calls search_orders twice per turn', 'Repro attached'],
      asks: false,
    },
    {
      complaint: 'A customer wrote in: "your chatbot talked down to me like I was five."',
      strands: ['your chatbot talked down to me like I was five'],
      asks: false,
    },
    {
      complaint: "It's too chatty so we should fine-tune it.",
      strands: ["It's too chatty"],
      asks: true,
    },
    {
      complaint: 'Our ML lead proposed a LoRA fine-tune because the replies are inconsistent in voice.',
      strands: ['the replies are inconsistent in voice'],
      asks: true,
    },
    {
      complaint: 'We should fine-tune it so it stops being rude.',
      strands: ['We should fine-tune it so it stops being rude'],
      asks: true,
    },
    {
      complaint: 'Since we fine-tuned it, it sounds robotic.',
      strands: ['Since we fine-tuned it, it sounds robotic'],
      asks: false,
    },
    {
      complaint: "Half the answers are a year old, which is exactly why I don't want to fine-tune on old tickets.",
      strands: ["Half the answers are a year old, which is exactly why I don't want to fine-tune on old tickets"],
      asks: false,
    },
    {
      complaint: 'A tier-1 agent asked the bot for a full card number and got it.',
      strands: ['A tier-1 agent asked the bot for a full card number and got it'],
      asks: false,
    },
  ])('$complaint', ({ complaint, strands, asks }) => {
    const split = splitter.split(complaint);
    expect(split.strands).toEqual(strands);
    expect(split.asksForFineTuning).toBe(asks);
  });

  it('never cuts inside a quotation of what the bot said', () => {
    expect(
      splitter.split(
        'It told her the parcel was "duty-free, so no tax is due", which is wrong. Then it closed the chat.',
      ).strands,
    ).toEqual(['It told her the parcel was "duty-free, so no tax is due", which is wrong', 'it closed the chat']);
    expect(splitter.split('It said “yes, there are no known interactions” and moved on.').strands).toEqual([
      'It said “yes, there are no known interactions” and moved on',
    ]);
  });

  it('sets prescriptions aside instead of treating them as symptoms', () => {
    const split = splitter.split(
      'The answers are out of date. Leadership wants to fine-tune it on last year’s tickets.',
    );
    expect(split.strands).toEqual(['The answers are out of date']);
    expect(split.prescriptions).toEqual(['Leadership wants to fine-tune it on last year’s tickets']);
  });

  it.each([
    ['and it gives out-of-date answers,', 'it gives out-of-date answers'],
    ['  but  the tone is off. ', 'the tone is off'],
    ['"Great question!" is not the right opener', '"Great question!" is not the right opener'],
    ['"it says no worries."', 'it says no worries'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeStrand(input)).toBe(expected);
  });

  it('agrees with the labelled set on most strands (scores printed)', () => {
    const complaints = readLabelledComplaints();
    let matched = 0;
    let predictedCount = 0;
    let goldCount = 0;
    let exact = 0;
    let asks = 0;
    for (const complaint of complaints) {
      const split = splitter.split(complaint.text);
      const gold = complaint.strands.map((strand) => normalizeStrand(strand.text).toLowerCase());
      const predicted = split.strands.map((strand) => strand.toLowerCase());
      const hits = predicted.filter((strand) => gold.includes(strand)).length;
      matched += hits;
      predictedCount += predicted.length;
      goldCount += gold.length;
      if (hits === gold.length && predicted.length === gold.length) exact++;
      if (split.asksForFineTuning === complaint.asks_for_fine_tuning) asks++;
    }
    const precision = matched / predictedCount;
    const recall = matched / goldCount;
    console.log(
      `splitter on ${complaints.length} complaints: strand precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, ` +
        `complaints split exactly ${(exact / complaints.length).toFixed(3)}, asks-for-fine-tuning accuracy ${(asks / complaints.length).toFixed(3)}`,
    );
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(asks / complaints.length).toBeGreaterThanOrEqual(0.95);
  });
});

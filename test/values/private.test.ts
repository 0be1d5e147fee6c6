import { describe, expect, it } from 'vitest';
import { detectValues, ibanValid, luhnValid, ssnValid, type ValueKind } from '../../src/values/index.js';
import { setPersonModel } from '../../src/values/person-model/tagger.js';

function found(text: string, kind: ValueKind, previous?: string): Array<[string, string]> {
  return detectValues(text, previous === undefined ? {} : { previous })
    .filter((value) => value.kind === kind)
    .map((value) => [value.text, value.normalized]);
}

describe('state identifiers', () => {
  it.each([
    ['Your order #12345 has shipped.', 'order_id', '12345'],
    ['Order ID 4471xz was refunded.', 'order_id', '4471xz'],
    ['Order ID: 3348917502', 'order_id', '3348917502'],
    ['I reopened ticket 88123.', 'ticket_id', '88123'],
    ['Case number: 00123 is closed.', 'ticket_id', '00123'],
    ['Account ID: AB12CD', 'account_id', 'AB12CD'],
    ['The tracking number 1Z999AA10123456784 is live.', 'tracking_id', '1Z999AA10123456784'],
  ] as const)('%s', (text, kind, id) => {
    expect(found(text, kind)).toEqual([[id, `${kind}:${id.toLowerCase()}`]]);
  });

  it.each([
    'I want to order 2 shirts.',
    'Can I return 3 items?',
    'We offer a return 30-day window.',
    'my account for 30 days',
  ])('does not take a quantity for an id: %s', (text) => {
    expect(detectValues(text).filter((value) => value.class === 'state')).toEqual([]);
  });
});

describe('email, phone, ip', () => {
  it.each([
    ['Write to Jane.Doe@Example.com today.', 'email', 'Jane.Doe@Example.com', 'email:jane.doe@example.com'],
    ['Call +1 (415) 555-0100 now.', 'phone', '+1 (415) 555-0100', 'phone:+14155550100'],
    ['Call 415-555-0100 now.', 'phone', '415-555-0100', 'phone:+14155550100'],
    ['Nobody picks up at 06-24312407', 'phone', '06-24312407', 'phone:0624312407'],
    ['Ring me on (96) 627-277 today', 'phone', '(96) 627-277', 'phone:96627277'],
    ['Blocked 192.168.0.12 yesterday.', 'ip', '192.168.0.12', 'ip:192.168.0.12'],
    ['The host 2001:db8::1 is down.', 'ip', '2001:db8::1', 'ip:2001:db8::1'],
  ] as const)('%s', (text, kind, surface, normalized) => {
    expect(found(text, kind)).toEqual([[surface, normalized]]);
  });

  it('makes "+1 (415) 555-0100" and "415-555-0100" one value', () => {
    const [a, b] = detectValues('+1 (415) 555-0100 or 415-555-0100');
    expect(a?.normalized).toBe(b?.normalized);
  });

  it.each(['Version 1.2.3.4.5 is out.', 'Room 999.999.999.999 ok'])('rejects invalid IPs: %s', (text) => {
    expect(found(text, 'ip')).toEqual([]);
  });
});

describe('card numbers (Luhn)', () => {
  it.each([
    ['4111 1111 1111 1111', 'card:4111111111111111'],
    ['5500-0000-0000-0004', 'card:5500000000000004'],
    ['378282246310005', 'card:378282246310005'],
    ['6275980123456789011', 'card:6275980123456789011'],
  ])('finds %s', (card, normalized) => {
    expect(found(`my card # ${card} was declined`, 'card')).toEqual([[card, normalized]]);
  });

  it.each(['4111 1111 1111 1112', '1234 5678 9012 3456', '5500-0000-0000-0005', '0000 0000 0000 0000'])(
    'rejects %s, which fails the check',
    (card) => {
      expect(found(`my card # ${card} was declined`, 'card')).toEqual([]);
      expect(luhnValid(card.replace(/\D/g, ''))).toBe(card.startsWith('0'));
    },
  );

  it('does not also report a card number as a phone', () => {
    expect(detectValues('card 4111 1111 1111 1111').map((value) => value.kind)).toEqual(['card']);
  });
});

describe('IBAN (mod 97)', () => {
  it.each([
    ['GB82 WEST 1234 5698 7654 32', 'iban:GB82WEST12345698765432'],
    ['DE89370400440532013000', 'iban:DE89370400440532013000'],
    ['gb82west12345698765432', 'iban:GB82WEST12345698765432'],
  ])('finds %s', (iban, normalized) => {
    expect(found(`My IBAN is ${iban} thanks`, 'iban')).toEqual([[iban, normalized]]);
  });

  it.each(['GB82 WEST 1234 5698 7654 33', 'DE89370400440532013001', 'XX82WEST12345698765432', 'GB82WEST1234'])(
    'rejects %s',
    (iban) => {
      expect(found(`My IBAN is ${iban} thanks`, 'iban')).toEqual([]);
      expect(ibanValid(iban.replace(/ /g, ''))).toBe(false);
    },
  );
});

describe('US social security numbers', () => {
  it('finds a valid number', () => {
    expect(found('The SSN on file is 536-22-8917', 'national_id')).toEqual([
      ['536-22-8917', 'national_id:us-ssn:536228917'],
    ]);
  });

  it.each(['000-12-3456', '666-12-3456', '912-12-3456', '123-00-4567', '123-45-0000', '078-05-1120'])(
    'rejects %s, never issued',
    (ssn) => {
      expect(found(`My SSN is ${ssn}.`, 'national_id')).toEqual([]);
      expect(ssnValid(ssn.replace(/\D/g, ''))).toBe(false);
    },
  );
});

describe('person names', () => {
  it.each([
    ['Please merge my profile with ms. Wijtze', 'Wijtze'],
    // A middle initial stays inside the name.
    ['My name is Maren K Lindqvist.', 'Maren K Lindqvist'],
    ['My name is tracy sukhorukova', 'tracy sukhorukova'],
    ['Name:    Allen Akhtakhanov', 'Allen Akhtakhanov'],
    ['Account has been pulled up for Crystal Minh.', 'Crystal Minh'],
    ['Thanks so much, Crystal!', 'Crystal'],
    ['Jesenko is from the sales team', 'Jesenko'],
    ['Could you correct it to Dr. Irma Kovalenko?', 'Irma Kovalenko'],
  ])('%s', (text, name) => {
    expect(found(text, 'person')).toEqual([[name, `person:${name.toLowerCase().replace(/\s+/g, ' ')}`]]);
  });
});

describe('names as people type them in chat', () => {
  it.each([
    // [reply, the turn it answers, the name]
    ['yes its marta okonkwo', 'May I have your full name please?', 'marta okonkwo'],
    ['Tomasz Wrobel and my account id is QX93KD7', 'Can I get your full name or account ID?', 'Tomasz Wrobel'],
    ["it's dmitri", undefined, 'dmitri'],
    ['thank you priyanka', undefined, 'priyanka'],
    ['Is there anything else I can help you with today, Megan?', undefined, 'Megan'],
  ])('%s', (text, previous, name) => {
    expect(found(text, 'person', previous)).toEqual([[name, `person:${name.toLowerCase()}`]]);
  });

  it.each([
    // A sentence end closes a name; the next sentence's first word is not part of it.
    ["Thanks, Megan. I'll look into it.", ['Megan']],
    ['Sorry to hear that Tomasz.  Lastly, your order id?', ['Tomasz']],
    // Brands, places, the company's own name, sentence openers and typing slips are no one.
    ['Product: Jacket  Brand: Calvin_Klein  Amount: $49', []],
    ['I want the Calvin Klein boots in a 9', []],
    ['It was supposed to be a red shirt, not the Tommy Hilfiger?', []],
    ['Hi! This is Initrode customer support. How may I help you today?', []],
    ['Alright Megan, your address has been updated.', ['Megan']],
    ['Thank you, Can you check my order?', []],
    ['The store in San Mateo, CA opens at 9', []],
    ['ok, gotcha. thanks agian', []],
    ['My name is Marta Okonkwo AB12CD34XY', ['Marta Okonkwo']],
  ])('%s', (text, names) => {
    expect(found(text, 'person').map(([name]) => name)).toEqual(names);
  });

  it('reads a name in an answer only when the turn before asks for one (the rules)', () => {
    setPersonModel(null);
    expect(found('marta okonkwo', 'person', 'What is your full name?')).toHaveLength(1);
    expect(found('marta okonkwo', 'person', 'What color would you like?')).toEqual([]);
    setPersonModel(undefined);
  });

  it('takes no brand for a person, with or without the tagger', () => {
    for (const model of [null, undefined]) {
      setPersonModel(model);
      // The same words are a brand when the turn before asks which brand, and a name when it asks for one.
      expect(found('Marlow Kent', 'person', 'Which brand of coat are you looking for?')).toEqual([]);
      expect(found('It is Marlow Kent', 'person', 'what brand is the jacket?')).toEqual([]);
      expect(found('Marlow Kent', 'person', 'What is your full name?').map(([name]) => name)).toEqual(['Marlow Kent']);
      // Before a price, or `ones`, a name is a thing.
      expect(found('I liked the Marlow Kent for $120', 'person')).toEqual([]);
      expect(found('it is the marlow kent ones', 'person', 'I have a question about a coat')).toEqual([]);
    }
    setPersonModel(undefined);
  });

  it('takes no chat word, contraction or sentence opener for a name, with or without the tagger', () => {
    for (const model of [null, undefined]) {
      setPersonModel(model);
      expect(found("they're the blue ones", 'person', 'Can I have your name please?')).toEqual([]);
      expect(found('Hello Im checking on an order', 'person')).toEqual([]);
      expect(found('ok ty', 'person')).toEqual([]);
      expect(found('Ok, hi!  I need help', 'person')).toEqual([]);
      // A sentence's first word that is an English word is a first name only with a surname after it.
      expect(found('Corny, I know.', 'person')).toEqual([]);
      expect(found('Mercy, that is a long wait', 'person')).toEqual([]);
    }
    setPersonModel(undefined);
  });

  it("reads a place's name after a title as a surname", () => {
    expect(found('Thank you, Mr. Memphis.', 'person').map(([name]) => name)).toEqual(['Memphis']);
    expect(found('Mr. Denver, can you confirm your zip code?', 'person').map(([name]) => name)).toEqual(['Denver']);
  });

  it('takes no bare answer of ordinary words for a name, with or without the tagger', () => {
    for (const model of [null, undefined]) {
      setPersonModel(model);
      expect(found('navy blue please', 'person', 'What color would you like?')).toEqual([]);
      expect(found('the large one', 'person', 'Which size is it?')).toEqual([]);
    }
    setPersonModel(undefined);
  });
});

describe('usernames', () => {
  it.each([
    ['Username: kwrobel730', undefined, 'kwrobel730'],
    ['my user name is mokonkwo', undefined, 'mokonkwo'],
    ['tw648512 is my username', undefined, 'tw648512'],
    ['Your username on file is dmitri4', undefined, 'dmitri4'],
    // A bare reply to the agent's question for it.
    ['mokonkwo1982', 'Do you have your username and email address?', 'mokonkwo1982'],
    ['yea, its tomaszw7', "What's your username?", 'tomaszw7'],
  ])('%s', (text, previous, name) => {
    expect(found(text, 'username', previous)).toEqual([[name, `username:${name}`]]);
  });

  it('needs the label or the question: the same word elsewhere is not a username', () => {
    expect(found('mokonkwo1982', 'username', 'What is your order id?')).toEqual([]);
    expect(found('I forgot my user name. Can you help?', 'username')).toEqual([]);
    // The placeholders `seam lint --fix` writes are no values.
    expect(found('{username_1}, {email_1}', 'username', 'What is your username?')).toEqual([]);
    expect(found('Username: kwrobel7  Email: kwrobel7@example.com', 'username')).toEqual([
      ['kwrobel7', 'username:kwrobel7'],
    ]);
  });
});

describe('addresses', () => {
  it.each([
    ['Ship it to 18 Harbour Lane, Austin, TX 78701 please.', '18 Harbour Lane, Austin, TX 78701'],
    ['6821 1st ave  san mateo, ny 75227', '6821 1st ave  san mateo, ny 75227'],
    ['Meet me at Lindengracht 42, Haarlem', 'Lindengracht 42, Haarlem'],
    ['Send it to PSC 4457, Box 7534\nAPO AP 95145', 'PSC 4457, Box 7534\nAPO AP 95145'],
    [
      '9 Vila Miguel Tavares 1160\n Suite 616\n Porto Velho\n Togo 95522\n(85) 5986-8343',
      '9 Vila Miguel Tavares 1160\n Suite 616\n Porto Velho\n Togo 95522',
    ],
  ])('%s', (text, address) => {
    expect(found(text, 'address').map(([surface]) => surface)).toEqual([address]);
  });

  it.each(['I have 3 kids at the park.', 'She moved here from Cuba.', 'Order 2 items by Friday.'])(
    'does not flag %s',
    (text) => {
      expect(found(text, 'address')).toEqual([]);
    },
  );
});

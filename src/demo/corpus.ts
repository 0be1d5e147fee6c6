/**
 * The demo knowledge base of Tidewater Coffee Co., a fictional coffee-subscription company.
 * Each file is a list of versions, oldest first, so the demo store has a real history: a refund window
 * that changed, a price that changed, a product that was renamed, and a shipping fee change scheduled
 * for next month. One document is visible only to the `billing` role, and the refund policy's agent steps
 * are marked `{internal}`: only principals with the `agent` role (sam and bea) are ever quoted them.
 */
export interface DemoVersion {
  author: string;
  message: string;
  markdown: string;
}

export interface DemoFile {
  /** Path inside the demo folder. */
  path: string;
  versions: DemoVersion[];
}

export interface DemoDates {
  /** The first day of the month six months ago: when the current refund window took effect. */
  refundChange: string;
  /** The first day of next month: when the new shipping fee takes effect. */
  shippingChange: string;
}

const refunds = (window: string, dated: string) => `---
id: refund-policy
title: Refunds and returns
collection: policy
tags: [refunds, returns]
${dated}---

# Refunds and returns

## Refund window

Customers can return unopened bags and equipment within ${window} of delivery for a full refund to the
original payment method. Opened bags can be returned within the same window if the customer reports a
quality problem (stale, wrong roast, damaged packaging). A refund takes 3 to 5 business days to appear
on the statement.

## How to issue a refund {internal}

1. Confirm the order number and the delivery date in the order system.
2. Check that the request is inside the refund window.
3. Issue the refund from the Orders page: **Orders → Order details → Refund**.
4. Tell the customer the refund takes 3 to 5 business days to appear on their statement.

## Exceptions

Gift subscriptions are refunded to the person who paid, never to the recipient.
`;

const plans = (price: string, boxName: string) => `---
id: subscription-plans
title: Subscription plans and prices
collection: product
tags: [pricing, subscription]
---

# Subscription plans and prices

## Daily Grind

One 340 g bag of our house blend every two weeks. **${price} per month**, billed monthly, cancel any time
from **Account → Subscription → Cancel plan**.

## ${boxName}

Three single-origin bags a month, chosen by our roasters, with tasting notes. $29 per month.

## Changing plans

Customers can switch plans at any time; the new price applies from the next billing date.
`;

const shipping = (fee: string, dated: string) => `---
id: shipping-policy
title: Shipping
collection: policy
tags: [shipping]
${dated}---

# Shipping

## Fees

Standard shipping within the continental US costs ${fee} per order and is free on orders over $40.
Subscription boxes always ship free.

## Delivery times

Orders placed before 2 pm Eastern ship the same day and arrive in 2 to 4 business days.
`;

const chargebacks = `---
id: billing/chargebacks
title: Handling chargebacks
collection: policy
acl: [billing]
tags: [billing, disputes]
---

# Handling chargebacks

## When a chargeback arrives

Do not refund an order that has an open chargeback: the bank has already pulled the funds, and a refund
would pay the customer twice. Collect the delivery confirmation and the customer's messages, and submit
evidence through the payment processor within 7 days.

## Write-off limit

Disputes under $25 are accepted without contest; the cost of contesting exceeds the amount.
`;

const grinder = (name: string) => `---
id: product/grinder
title: ${name} burr grinder
collection: product
tags: [equipment]
---

# ${name} burr grinder

## Grind settings

Setting 4 suits pour-over, setting 9 suits French press. Espresso needs setting 1 or 2 and a fresh burr set.

## Warranty

Two years from delivery. Burrs are a wear part and are not covered after the first 12 months.
`;

export function demoFiles(dates: DemoDates): DemoFile[] {
  return [
    {
      path: 'policies/refunds.md',
      versions: [
        { author: 'maria', message: 'first version of the refund policy', markdown: refunds('30 days', '') },
        {
          author: 'maria',
          message: 'refund window shortened to 14 days',
          markdown: refunds('14 days', `effective_from: ${dates.refundChange}\n`),
        },
      ],
    },
    {
      path: 'products/plans.md',
      versions: [
        { author: 'devon', message: 'plans and prices', markdown: plans('$12', 'Brew Box') },
        { author: 'devon', message: 'Daily Grind price rises to $14', markdown: plans('$14', 'Brew Box') },
        {
          author: 'devon',
          message: "Brew Box renamed to Roaster's Choice",
          markdown: plans('$14', "Roaster's Choice"),
        },
      ],
    },
    {
      path: 'policies/shipping.md',
      versions: [
        { author: 'maria', message: 'shipping fees', markdown: shipping('$5.95', '') },
        {
          author: 'maria',
          message: 'carrier rates go up next month',
          markdown: shipping('$6.95', `effective_from: ${dates.shippingChange}\n`),
        },
      ],
    },
    {
      path: 'billing/chargebacks.md',
      versions: [{ author: 'priya', message: 'chargeback playbook', markdown: chargebacks }],
    },
    {
      path: 'products/grinder.md',
      versions: [{ author: 'devon', message: 'grinder guide', markdown: grinder('Tidewater Home') }],
    },
  ];
}

export function demoDates(now: Date): DemoDates {
  const firstOfMonth = (monthsFromNow: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsFromNow, 1)).toISOString().slice(0, 10);
  return { refundChange: firstOfMonth(-6), shippingChange: firstOfMonth(1) };
}

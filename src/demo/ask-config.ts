/**
 * The demo's `seam.config.json`: Tidewater's house voice and format, its refusal and handoff policy, and
 * an orders connector over the demo state database, callable by the `customer` role only.
 */
export function demoAskConfig(options: { stateDatabase: string }): Record<string, unknown> {
  return {
    voice: {
      instructions: 'Warm, brief and plain. Speak to the customer as "you". No jargon.',
      use: ['you can'],
      avoid: ['unfortunately', 'as per'],
      rewrite: {
        'Customers can': 'You can',
        'the customer reports': 'you report',
        'Tell the customer': 'Note:',
      },
      max_words: 120,
    },
    format: { type: 'numbered_list', max_items: 4 },
    refusal: { message: "The policy doesn't cover that. I've passed your question to our team." },
    handoff: { on_refusal: true, on_connector_error: true, queue: 'tidewater-support' },
    grounding: 'remove',
    retrieval: { k: 5 },
    model: 'extractive',
    connectors: [
      {
        name: 'orders',
        kind: 'sql',
        description: "the asking customer's recent orders",
        roles: ['customer'],
        database: options.stateDatabase,
        query:
          'SELECT order_id, item, status, placed_on, total FROM orders WHERE customer_id = :principal ORDER BY placed_on DESC LIMIT 3',
        when: ['order', 'orders', 'package', 'delivery', 'shipped', 'arrive', 'tracking', 'bought'],
        template: 'Your order {order_id} ({item}), placed on {placed_on}, is {status}; total {total}.',
      },
    ],
  };
}

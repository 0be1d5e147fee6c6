declare module 'wink-perceptron' {
  /** Feature name → numeric value, and the class label. */
  export type Example = [Record<string, number>, { label: string }];
  export interface Perceptron {
    defineConfig(config: {
      shuffleData?: boolean;
      maxIterations?: number;
      featureExtractor?: (example: unknown) => Example[];
    }): unknown;
    learn(examples: unknown[]): number;
    predict(features: Record<string, number>): string;
    /** `[averaged weights (feature → label → weight), averaged biases (label → bias), {}, []]` as JSON. */
    exportJSON(): string;
    importJSON(json: string): boolean;
  }
  /** A multi-class averaged perceptron. */
  export default function perceptron(): Perceptron;
}

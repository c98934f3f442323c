/** Where a command writes; the CLI passes process streams, tests pass collectors. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

import { InputError } from '../errors.js';

/**
 * Prompt templates. Each renders a question two ways: as chat messages (for /v1/chat/completions)
 * and as one raw string (for /v1/completions, which is how the paper prompted both base and RL
 * models: the ChatML markup is part of the text, so both get byte-identical prompts).
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface PromptTemplate {
  name: string;
  description: string;
  messages(question: string): ChatMessage[];
  raw(question: string): string;
  /** Stop strings sent with the request (the paper's per-template stops, see docs/protocol.md). */
  stop: string[];
}

const BOX_INSTRUCTION = 'Please reason step by step, and put your final answer within \\boxed{}.';
/** Stops the paper's evaluator always sends, plus its extra ones for Qwen-style templates. */
const BASE_STOPS = ['</s>', '<|im_end|>', '<|endoftext|>'];
const QWEN_STOPS = [...BASE_STOPS, 'assistant', 'user', '_end', '_start'];

function chatml(messages: ChatMessage[]): string {
  return messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') + '<|im_start|>assistant\n';
}

function chatmlTemplate(name: string, description: string, messages: (q: string) => ChatMessage[], stop = QWEN_STOPS): PromptTemplate {
  return { name, description, messages, raw: (q) => chatml(messages(q)), stop };
}

const DAPO_HEADER =
  "A conversation between user and assistant. The user asks a question, and the assistant solves it. The time limit is set to 20,480 tokens. If the assistant's response exceeds this limit, a progressively increasing penalty with the number of tokens exceeded will be applied.";
const DAPO_INSTRUCTION =
  'Solve the following math problem step by step. The last line of your response should be of the form Answer: $Answer (without quotes) where $Answer is the answer to the problem.';
const DAPO_REMINDER = 'Remember to put your answer on its own line after "Answer:".';

const R1_SYSTEM =
  'A conversation between User and Assistant. The user asks a question, and the Assistant solves it. The assistant first thinks about the reasoning process in the mind and then provides the user with the answer. The reasoning process and answer are enclosed within <think> </think> and <answer> </answer> tags, respectively, i.e., <think> reasoning process here </think> <answer> answer here </answer>.';

const LCB_SYSTEM =
  'You are an expert Python programmer. You will be given a question (problem specification) and will generate a correct Python program that matches the specification and passes all tests.';

export const TEMPLATES: Record<string, PromptTemplate> = {
  'qwen-boxed': chatmlTemplate(
    'qwen-boxed',
    'SimpleRL-Zoo prompt (paper Fig. 21): generic system turn, step-by-step + \\boxed{} instruction after the question',
    (q) => [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: `${q}\n${BOX_INSTRUCTION}` },
    ],
  ),
  'qwen25-math-cot': chatmlTemplate('qwen25-math-cot', 'Qwen2.5-Math CoT prompt (Oat-Zero, paper Fig. 22): the instruction is the system turn', (q) => [
    { role: 'system', content: BOX_INSTRUCTION },
    { role: 'user', content: q },
  ]),
  abel: {
    name: 'abel',
    description: 'DAPO prompt (the paper\'s "abel" template for DAPO-Qwen-32B): plain-text conversation, answer on a final "Answer:" line',
    messages: (q) => [
      { role: 'system', content: DAPO_HEADER },
      { role: 'user', content: `${DAPO_INSTRUCTION}\n${q}\n${DAPO_REMINDER}` },
    ],
    raw: (q) => `${DAPO_HEADER}\nuser\n${DAPO_INSTRUCTION}\n${q}\n${DAPO_REMINDER}\nassistant\n`,
    // The released evaluator also stopped at "Answer:" for this template, which cuts the answer
    // line the prompt asks for; we do not (see docs/protocol.md, "Where we differ").
    stop: [...BASE_STOPS, 'Question:'],
  },
  r1: {
    name: 'r1',
    description: "R1-Zero style <think>/<answer> template (the paper's VeRL six-algorithm experiments, Fig. 27)",
    messages: (q) => [
      { role: 'system', content: R1_SYSTEM },
      { role: 'user', content: q },
    ],
    raw: (q) => `${R1_SYSTEM} User: ${q} Assistant:`,
    stop: [...BASE_STOPS, 'User:'],
  },
  direct: chatmlTemplate('direct', 'Direct answer without reasoning (the guessability filter): the model must box its answer immediately', (q) => [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: `${q}\nDo not show any reasoning. Give only the final answer within \\boxed{}.` },
  ]),
  evalplus: chatmlTemplate('evalplus', 'EvalPlus instruction prompt for HumanEval+/MBPP+: a self-contained script in a markdown code block', (q) => [
    { role: 'system', content: 'You are a helpful assistant.' },
    {
      role: 'user',
      content: `Please provide a self-contained Python script that solves the following problem in a markdown code block:\n\`\`\`\n${q.trim()}\n\`\`\``,
    },
  ]),
  'evalplus-completion': {
    name: 'evalplus-completion',
    description: 'HumanEval-style completion for base models: the function prompt itself; the completion is appended to it',
    messages: (q) => [{ role: 'user', content: q }],
    raw: (q) => q,
    stop: ['\ndef ', '\nclass ', '\nif __name__', '\nprint(', '\n#'],
  },
  livecodebench: chatmlTemplate('livecodebench', 'LiveCodeBench code-generation prompt: question, input/output format note, fenced answer', (q) => [
    { role: 'system', content: LCB_SYSTEM },
    { role: 'user', content: q },
  ]),
};

export function getTemplate(name: string): PromptTemplate {
  const t = TEMPLATES[name];
  if (t === undefined) throw new InputError(`unknown prompt template "${name}" (known: ${Object.keys(TEMPLATES).join(', ')})`, { field: 'template' });
  return t;
}

/** The LiveCodeBench question block: format instructions differ for stdin and functional problems. */
export function livecodebenchQuestion(problem: string, starterCode: string | undefined): string {
  if (starterCode !== undefined && starterCode.trim() !== '') {
    return `### Question:\n${problem}\n\n### Format: You will use the following starter code to write the solution to the problem and enclose your code within delimiters.\n\`\`\`python\n${starterCode}\n\`\`\`\n\n### Answer: (use the provided format with backticks)\n\n`;
  }
  return `### Question:\n${problem}\n\n### Format: Read the inputs from stdin solve the problem and write the answer to stdout (do not directly test on the sample inputs). Enclose your code within delimiters as follows. Ensure that when the python program runs, it reads the inputs, runs the algorithm and writes output to STDOUT.\n\`\`\`python\n# YOUR CODE HERE\n\`\`\`\n\n### Answer: (use the provided format with backticks)\n\n`;
}

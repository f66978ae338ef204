/**
 * The chat template of a lab checkpoint whose config.json names none (`chatTemplate`, a Jinja
 * template in Hugging Face's convention: `messages`, `add_generation_prompt`, `bos_token`,
 * `eos_token`). A lab model was trained on task text with no roles at all — "#3,7,2,9>41:" and its
 * answer — so the template adds no markup: the turns' texts in order, each assistant turn closed by
 * the end-of-sequence token as the model ends its own answers. A one-turn chat is then exactly the
 * completion prompt of the same text (`rlbound serve` gives both the same samples), and
 * `sample --api chat` of a lab benchmark sends the task text as the user's turn. A system turn is
 * text like any other; characters outside the checkpoint's alphabet are refused when encoded.
 */
export const LAB_CHAT_TEMPLATE =
  "{%- for message in messages -%}{{ message.content }}{%- if message.role == 'assistant' -%}{{ eos_token }}{%- endif -%}{%- endfor -%}";

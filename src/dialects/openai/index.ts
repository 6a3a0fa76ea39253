export { openAIFrontDoor } from './front-door';
export { openAIChat } from './chat';
export { openAICompletions } from './completions';
export { openAIEmbeddings } from './embeddings';

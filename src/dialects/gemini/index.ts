export { geminiFrontDoor } from './front-door';
export { geminiGenerateContent } from './generate-content';
export { geminiCountTokens } from './count-tokens';
export { geminiBatchEmbedContents, geminiEmbedContent } from './embed-content';

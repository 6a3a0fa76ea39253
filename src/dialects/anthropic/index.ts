export { anthropicFrontDoor } from './front-door';
export { anthropicMessages } from './messages';
export { anthropicCountTokens } from './count-tokens';

export { openAIFrontDoor } from './front-door';

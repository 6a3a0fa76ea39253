export { anthropicFrontDoor } from './front-door';

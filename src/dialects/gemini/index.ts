export { geminiFrontDoor } from './front-door';

import { agreeUnder } from './simulate-vs-stack';

agreeUnder('itc', ['itc-friday-1629.json']);

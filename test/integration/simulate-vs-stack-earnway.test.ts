import { agreeUnder } from './simulate-vs-stack';

agreeUnder('earnway', ['earnway-critical.json']);

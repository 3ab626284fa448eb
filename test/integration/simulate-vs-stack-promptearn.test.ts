import { agreeUnder } from './simulate-vs-stack';

agreeUnder('promptearn', ['promptearn-auto-escalation.json', 'promptearn-withdrawal-saturday.json']);

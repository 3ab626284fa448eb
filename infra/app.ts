#!/usr/bin/env node
// Entry for the CDK CLI (cdk.json "app"). Context comes from cdk.json and `-c key=value`.
import { buildApp } from './redress-app';

buildApp().app.synth();

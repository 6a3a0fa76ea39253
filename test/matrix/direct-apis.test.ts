import { runMatrixFile } from './cells';
import { anthropicRow } from './rows/anthropic';
import { cohereRow } from './rows/cohere';
import { openaiRow } from './rows/openai';
import { ai21labsRow, customRow, databricksRow } from './rows/openai-compatible';

// The matrix rows of the providers reached directly with an API key: openai, anthropic, cohere,
// and the OpenAI-compatible custom, databricks-model-serving and ai21labs.

runMatrixFile([openaiRow, anthropicRow, cohereRow, customRow, databricksRow, ai21labsRow]);

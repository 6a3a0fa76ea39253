import { runMatrixFile } from './cells';
import { azureEntraRow, azureKeyRow } from './rows/azure';
import { bedrockClaudeRow, bedrockFamilyRows } from './rows/bedrock';
import { vertexClaudeRow, vertexGeminiRow } from './rows/vertex';

// The matrix rows of the cloud providers, each with its own signing or token flow checked by its
// fake: Azure OpenAI (api-key and Entra ID), Amazon Bedrock (SigV4, every model family) and
// Google Vertex AI (service-account JWT; Gemini and Claude).

runMatrixFile([
  azureKeyRow,
  azureEntraRow,
  bedrockClaudeRow,
  ...bedrockFamilyRows,
  vertexGeminiRow,
  vertexClaudeRow,
]);

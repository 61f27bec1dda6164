/** The tool version recorded in every manifest, results file and report (a test keeps it equal to package.json's). */
export const TOOL_VERSION = '0.1.0';

import { App } from "aws-cdk-lib";
import { buildPlatformFromContext } from "../lib/platform-from-context.js";

// The CLI hands the entry its context (`cdk synth -c env=prod -c imageTag=<sha>`) and the AWS
// profile's region; what they mean is decided in cdk/lib/platform-from-context.ts.
const app = new App();
buildPlatformFromContext(app, process.env.CDK_DEFAULT_REGION);
app.synth();

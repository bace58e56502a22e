import { writeFile } from 'node:fs/promises';
import { printSchema } from 'graphql';
import { buildGameSchema } from '../resolvers/build-schema';

/** The GraphQL schema as SDL: what `schema.graphql` holds and codegen reads. */
export async function schemaSdl(): Promise<string> {
  return `${printSchema(await buildGameSchema())}\n`;
}

/** `schema [file]`: print the SDL, or write it to `file` (npm run schema writes schema.graphql). */
export async function emitSchema(args: string[]): Promise<void> {
  const sdl = await schemaSdl();
  if (args[0]) await writeFile(args[0], sdl);
  else process.stdout.write(sdl);
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FunctionModuleError, functionReference, loadScalarFunction } from '../../../../src/api/sql/planner/function-module.ts';
import { typeToString } from '../../../../src/core/data-types.ts';
import { Prefixer } from './fixtures/udf-shapes.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const SHAPES = join(FIXTURES, 'udf-shapes.ts');

function loadError(reference: string, cwd?: string): FunctionModuleError {
  try {
    loadScalarFunction('f', reference, cwd);
  } catch (e) {
    assert.ok(e instanceof FunctionModuleError, `expected a FunctionModuleError, got ${String(e)}`);
    return e;
  }
  assert.fail(`'${reference}' loaded`);
}

test('a reference is a path and an export name after the last colon; no export name means the default export', () => {
  assert.deepEqual(functionReference('udfs/text.ts:CountChar'), { path: 'udfs/text.ts', exportName: 'CountChar' });
  assert.deepEqual(functionReference('udfs/text.ts'), { path: 'udfs/text.ts', exportName: 'default' });
  assert.deepEqual(functionReference('C:\\udfs\\text.ts'), { path: 'C:\\udfs\\text.ts', exportName: 'default' }, 'a drive letter is not an export');
});

test('a class export is instantiated once and its eval called with the arguments; static returnType is parsed as SQL', () => {
  const before = Prefixer.instances;
  const impl = loadScalarFunction('prefix', `${SHAPES}:Prefixer`);
  assert.equal(typeToString(impl.returnType), 'STRING');
  assert.equal(impl.fn('a'), `#${before + 1}:a`);
  assert.equal(impl.fn('b'), `#${before + 1}:b`, 'every call goes to the same instance');
  assert.equal(Prefixer.instances, before + 1);
  assert.equal(impl.deterministic, true);
});

test('a plain function with a returnType property, an object with eval and the default export all load', () => {
  const plusOne = loadScalarFunction('plus_one', `${SHAPES}:plusOne`);
  assert.equal(plusOne.fn(41), 42);
  assert.equal(typeToString(plusOne.returnType), 'INT');
  const halve = loadScalarFunction('halve', `${SHAPES}:halve`);
  assert.equal(halve.fn(3), 1.5);
  assert.equal(typeToString(halve.returnType), 'DOUBLE');
  const shout = loadScalarFunction('shout', SHAPES);
  assert.equal(shout.fn('hi'), 'HI!');
  assert.equal(typeToString(shout.returnType), 'VARCHAR(100)');
});

test('isDeterministic() returning false marks the function non-deterministic', () => {
  assert.equal(loadScalarFunction('dice', `${SHAPES}:Dice`).deterministic, false);
});

test('a relative module path resolves against the working directory', () => {
  const impl = loadScalarFunction('plus_one', 'fixtures/udf-shapes.ts:plusOne', dirname(FIXTURES));
  assert.equal(impl.fn(1), 2);
  const missing = loadError('udf-shapes.ts:plusOne', dirname(FIXTURES));
  assert.match(missing.message, new RegExp(`module not found: ${join(dirname(FIXTURES), 'udf-shapes.ts').replace(/[.\\/]/g, '\\$&')}`));
  assert.match(missing.message, /module paths resolve against the working directory/);
});

test('each failure names the function, the reference and what is wrong', () => {
  assert.match(loadError(`${FIXTURES}/nope.ts:X`).message, /^function 'f' \('.*nope\.ts:X'\): module not found: .*nope\.ts/);
  assert.match(loadError('com.example.Upper').message, /looks like a JVM class name, but Sluice runs JavaScript\/TypeScript functions: AS 'path\/to\/module\.ts:ExportName'/);
  assert.match(loadError(`${SHAPES}:Missing`).message, /has no export 'Missing'; it exports: .*Prefixer/);
  assert.match(loadError(`${SHAPES}:NoEval`).message, /export 'NoEval': class NoEval has no eval\(\.\.\.\) method/);
  assert.match(loadError(`${SHAPES}:NoReturnType`).message, /export 'NoReturnType': has no returnType; declare one as a static returnType/);
  assert.match(loadError(`${SHAPES}:BadReturnType`).message, /export 'BadReturnType': bad returnType 'INTEGR': expected a data type but found 'INTEGR'/);
  assert.match(loadError(`${SHAPES}:Exploding`).message, /export 'Exploding': the constructor failed: no configuration/);
  assert.match(loadError(`${SHAPES}:answer`).message, /export 'answer': is number, not a function or a class with an eval/);
  assert.match(loadError(`${FIXTURES}/udf-top-level-await.ts:later`).message, /could not load module .*udf-top-level-await\.ts: it uses top-level await/);
});

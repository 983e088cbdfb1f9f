/**
 * Building contracts with the SDKs in {@code sdk/}: which SDK a contract directory is written for, where
 * the SDK is, running its build as a child process, and reading the ABI JSON it writes. The command
 * line ({@code lockstep contract build}) then validates the result with the VM's deploy pipeline.
 */
package io.lockstep.node.contract;
